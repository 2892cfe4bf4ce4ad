#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { createExampleApp } from './example-app';

createExampleApp(new App());
