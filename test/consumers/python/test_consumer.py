"""A Python CDK app using cdk-cognito-auth the way Python users write it, checked with aws_cdk.assertions."""
import json

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cognito as cognito

import cdk_cognito_auth as auth_lib


@pytest.fixture(scope="module")
def stacks():
    app = cdk.App()
    auth_stack = cdk.Stack(app, "Auth", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    auth = auth_lib.CognitoAuth(
        auth_stack,
        "Auth",
        self_sign_up=True,
        custom_attributes={"tenant_id": cognito.StringAttribute(mutable=False, min_len=1, max_len=64)},
        resource_servers=[
            auth_lib.ResourceServerOptions(
                identifier="orders",
                scopes=[auth_lib.ResourceServerScopeOptions(name="read", description="Read orders")],
            )
        ],
        clients=[
            auth_lib.AppClientOptions(name="web", kind=auth_lib.ClientKind.PUBLIC_WEB, callback_urls=["https://app.example.com/callback"]),
            auth_lib.AppClientOptions(name="mobile", kind=auth_lib.ClientKind.NATIVE, callback_urls=["exampleapp://callback"]),
            auth_lib.AppClientOptions(
                name="orders-service",
                kind=auth_lib.ClientKind.SERVER,
                client_credentials=True,
                scopes=[cognito.OAuthScope.custom("orders/read")],
            ),
        ],
        domain=auth_lib.HostedDomainOptions(prefix="python-consumer"),
        groups=[
            auth_lib.GroupOptions(name="admin", precedence=0, permissions=["orders:write"]),
            auth_lib.GroupOptions(name="member", precedence=10),
        ],
        identity_pool=auth_lib.IdentityPoolOptions(role_mapping=auth_lib.RoleMapping.from_groups()),
        triggers=auth_lib.TriggersOptions(
            pre_sign_up=auth_lib.PreSignUpOptions(blocked_email_domains=["mailinator.com"]),
            post_confirmation=auth_lib.PostConfirmationOptions(default_groups=["member"]),
            pre_token_generation=auth_lib.PreTokenGenerationOptions(claims_from_attributes={"tenant": "custom:tenant_id"}),
        ),
    )
    # The usual layout: the REST API in a stack of its own, its authorizers created there.
    api_stack = cdk.Stack(app, "Api", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    api = apigateway.RestApi(api_stack, "Orders")
    users = auth.rest_api_authorizer(api_stack, "Users")
    # add_method takes its options as keyword arguments, so what rest_api_method_options returns cannot be passed to it
    # in Python: add_rest_api_method adds the method itself, with the same checks.
    auth.add_rest_api_method(api.root.add_resource("me"), "GET", apigateway.MockIntegration(), authorizer=users)
    auth.add_rest_api_method(
        api.root.add_resource("orders"), "GET", apigateway.MockIntegration(), authorizer=users, scopes=["orders/read"],
        method_options=apigateway.MethodOptions(operation_name="ListOrders"),
    )
    admins = auth.jwt_authorizer("Admins", required_groups=["admin"])
    auth.add_rest_api_method(api.root.add_resource("admin"), "GET", apigateway.MockIntegration(), authorizer=admins.for_rest_api(api_stack, "Admins"))
    return auth, assertions.Template.from_stack(auth_stack), assertions.Template.from_stack(api_stack)


def test_pool_clients_groups_and_identity_pool(stacks):
    _, template, _ = stacks
    template.resource_count_is("AWS::Cognito::UserPool", 1)
    template.resource_count_is("AWS::Cognito::UserPoolClient", 3)
    template.resource_count_is("AWS::Cognito::UserPoolGroup", 2)
    template.resource_count_is("AWS::Cognito::IdentityPool", 1)
    template.has_resource_properties("AWS::Cognito::UserPoolClient", {"ClientName": "orders-service", "AllowedOAuthFlows": ["client_credentials"], "GenerateSecret": True})


def test_groups_get_roles_from_the_identity_pool(stacks):
    auth, template, _ = stacks
    assert auth.group("admin").role is not None
    template.has_resource_properties("AWS::Cognito::UserPoolGroup", {"GroupName": "admin", "RoleArn": assertions.Match.any_value()})


def test_the_three_triggers_are_wired_with_the_bundled_code(stacks):
    _, template, _ = stacks
    lambda_config = template.find_resources("AWS::Cognito::UserPool")
    config = next(iter(lambda_config.values()))["Properties"]["LambdaConfig"]
    assert set(config) >= {"PreSignUp", "PostConfirmation", "PreTokenGenerationConfig"}
    functions = template.find_resources("AWS::Lambda::Function")
    keys = [f["Properties"]["Code"]["S3Key"] for f in functions.values()]
    # each bundled handler is an asset of the package: a zip named by its hash
    assert len([k for k in keys if isinstance(k, str) and k.endswith(".zip")]) >= 4


def test_the_rest_api_in_its_own_stack_uses_the_library_authorizers(stacks):
    _, _, api = stacks
    api.has_resource_properties("AWS::ApiGateway::Authorizer", {"Type": "COGNITO_USER_POOLS"})
    api.has_resource_properties("AWS::ApiGateway::Authorizer", {"Type": "TOKEN", "IdentitySource": "method.request.header.Authorization"})
    api.resource_count_is("AWS::Lambda::Permission", 1)


def test_add_rest_api_method_puts_each_method_behind_its_authorizer(stacks):
    _, _, api = stacks
    api.resource_count_is("AWS::ApiGateway::Method", 3)
    api.has_resource_properties("AWS::ApiGateway::Method", {"AuthorizationType": "COGNITO_USER_POOLS", "AuthorizationScopes": assertions.Match.absent()})
    api.has_resource_properties(
        "AWS::ApiGateway::Method", {"AuthorizationType": "COGNITO_USER_POOLS", "AuthorizationScopes": ["orders/read"], "OperationName": "ListOrders"}
    )
    api.has_resource_properties("AWS::ApiGateway::Method", {"AuthorizationType": "CUSTOM"})


def test_add_rest_api_method_refuses_with_the_library_messages():
    stack = cdk.Stack(cdk.App(), "Methods")
    auth = auth_lib.CognitoAuth(
        stack, "Auth", clients=[auth_lib.AppClientOptions(name="web", kind=auth_lib.ClientKind.PUBLIC_WEB)], groups=[auth_lib.GroupOptions(name="admin")]
    )
    api = apigateway.RestApi(stack, "Api")
    users = auth.rest_api_authorizer(stack, "Users")
    admins = auth.jwt_authorizer("Admins", required_groups=["admin"]).for_rest_api(stack, "Admins")
    with pytest.raises(Exception, match=r"addRestApiMethod\('GET /admin'\): scopes on a REST method need the Cognito authorizer"):
        auth.add_rest_api_method(api.root.add_resource("admin"), "GET", apigateway.MockIntegration(), authorizer=admins, scopes=["orders/read"])
    with pytest.raises(Exception, match=r"addRestApiMethod\('GET /me'\)\.methodOptions\.authorizationType is 'COGNITO_USER_POOLS'"):
        auth.add_rest_api_method(
            api.root.add_resource("me"), "GET", apigateway.MockIntegration(), authorizer=users,
            method_options=apigateway.MethodOptions(authorization_type=apigateway.AuthorizationType.COGNITO),
        )


def test_the_upgrade_check_in_python(stacks):
    _, template, _ = stacks
    before = template.to_json()
    after = json.loads(json.dumps(before))
    del after["Resources"][next(k for k, r in before["Resources"].items() if r["Type"] == "AWS::Cognito::IdentityPool")]
    assert auth_lib.UpgradeCheck.compare(before, before).safe
    result = auth_lib.UpgradeCheck.compare(before, after)
    assert [f.kind for f in result.findings] == [auth_lib.UpgradeFindingKind.REMOVED]


def test_bad_input_fails_with_the_library_message():
    app = cdk.App()
    stack = cdk.Stack(app, "Bad")
    with pytest.raises(Exception, match="domain.prefix 'my-cognito-login' is invalid"):
        auth_lib.CognitoAuth(stack, "Auth", domain=auth_lib.HostedDomainOptions(prefix="my-cognito-login"))


def test_threat_protection_rules_with_a_client_of_its_own():
    # The per-client configurations are a map of structs: Python passes a dict of them.
    stack = cdk.Stack(cdk.App(), "Risk")
    auth_lib.CognitoAuth(
        stack,
        "Auth",
        feature_plan=cognito.FeaturePlan.PLUS,
        clients=[auth_lib.AppClientOptions(name="web", kind=auth_lib.ClientKind.PUBLIC_WEB, callback_urls=["https://app.example.com/cb"])],
        threat_protection_rules=auth_lib.ThreatProtectionRulesOptions(
            compromised_credentials=auth_lib.CompromisedCredentialsOptions(events=[auth_lib.CompromisedCredentialsEvent.SIGN_IN]),
            account_takeover=auth_lib.AccountTakeoverOptions(high_risk=auth_lib.RiskLevelOptions(action=auth_lib.RiskAction.BLOCK)),
            clients={"web": auth_lib.RiskConfigurationOptions(always_block_ips=["198.51.100.0/24"])},
        ),
    )
    template = assertions.Template.from_stack(stack)
    template.resource_count_is("AWS::Cognito::UserPoolRiskConfigurationAttachment", 2)
    template.has_resource_properties("AWS::Cognito::UserPoolRiskConfigurationAttachment", {
        "ClientId": "ALL",
        "CompromisedCredentialsRiskConfiguration": {"EventFilter": ["SIGN_IN"], "Actions": {"EventAction": "BLOCK"}},
    })
    template.has_resource_properties("AWS::Cognito::UserPoolRiskConfigurationAttachment", {
        "ClientId": {"Ref": assertions.Match.string_like_regexp("^AuthClientweb")},
        "RiskExceptionConfiguration": {"BlockedIPRangeList": ["198.51.100.0/24"]},
    })


def test_threat_protection_rules_refuse_a_bad_range_with_the_library_message():
    with pytest.raises(Exception, match=r"threatProtectionRules\.alwaysBlockIps\[0\] '10\.0\.0\.0/33' is not an IP range in CIDR form"):
        auth_lib.CognitoAuth(
            cdk.Stack(cdk.App(), "BadRisk"),
            "Auth",
            feature_plan=cognito.FeaturePlan.PLUS,
            threat_protection_rules=auth_lib.ThreatProtectionRulesOptions(always_block_ips=["10.0.0.0/33"]),
        )


def test_users_of_the_previous_pool_move_in_at_their_first_sign_in():
    # The bundled migration trigger from another pool: its source is a class with static factories, as in TypeScript.
    stack = cdk.Stack(cdk.App(), "Migration", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    previous = cognito.UserPool.from_user_pool_arn(stack, "Previous", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Previous1")
    auth = auth_lib.CognitoAuth(
        stack,
        "Auth",
        custom_attributes={"previous_sub": cognito.StringAttribute(mutable=False)},
        clients=[auth_lib.AppClientOptions(name="mobile", kind=auth_lib.ClientKind.NATIVE, auth_flows=cognito.AuthFlow(user_password=True))],
        triggers=auth_lib.TriggersOptions(
            migration=auth_lib.UserMigrationOptions(
                source=auth_lib.MigrationSource.from_user_pool(user_pool=previous),
                attribute_map={"sub": "custom:previous_sub"},
            ),
        ),
    )
    assert auth.migration_trigger is not None
    template = assertions.Template.from_stack(stack)
    handler = assertions.Match.string_like_regexp("^AuthUserMigrationHandlerFunction")
    # The same function migrates users and, at their first post authentication, adds them to their old groups.
    template.has_resource_properties("AWS::Cognito::UserPool", {
        "LambdaConfig": {"UserMigration": {"Fn::GetAtt": [handler, "Arn"]}, "PostAuthentication": {"Fn::GetAtt": [handler, "Arn"]}},
    })
    # The config joins in the client the library creates on the old pool (a reference), so it is an Fn::Join here.
    config = json.dumps(next(
        f["Properties"]["Environment"]["Variables"]["TRIGGER_CONFIG"]
        for f in template.find_resources("AWS::Lambda::Function").values()
        if "user migration" in f["Properties"].get("Description", "")
    ))
    assert '\\"userPoolId\\":\\"eu-west-1_Previous1\\"' in config
    assert '\\"attributeMap\\":{\\"sub\\":\\"custom:previous_sub\\"}' in config
    template.has_resource_properties("AWS::Cognito::UserPoolClient", {
        "UserPoolId": "eu-west-1_Previous1",
        "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    })


def test_a_legacy_endpoint_over_http_is_refused_with_the_library_message():
    stack = cdk.Stack(cdk.App(), "BadMigration")
    secret = cdk.aws_secretsmanager.Secret(stack, "Legacy")
    with pytest.raises(Exception, match=r"triggers\.migration\.source url 'http://legacy\.example\.com/migrate' is not an https:// URL: the "
                       r"trigger sends passwords to it, so only HTTPS is allowed"):
        auth_lib.CognitoAuth(
            stack,
            "Auth",
            triggers=auth_lib.TriggersOptions(
                migration=auth_lib.UserMigrationOptions(
                    source=auth_lib.MigrationSource.from_http_endpoint(url="http://legacy.example.com/migrate", secret=secret),
                ),
            ),
        )


def test_inbound_federation_rules_normalise_what_a_provider_sends():
    stack = cdk.Stack(cdk.App(), "Federation")
    okta = auth_lib.IdentityProvider.oidc(
        name="Okta",
        client_id="o",
        client_secret=cdk.SecretValue.secrets_manager("okta", json_field="secret"),
        issuer_url="https://example.okta.com",
    )
    auth_lib.CognitoAuth(
        stack,
        "Auth",
        domain=auth_lib.HostedDomainOptions(prefix="example-federation-py"),
        identity_providers=[okta],
        clients=[auth_lib.AppClientOptions(name="web", kind=auth_lib.ClientKind.PUBLIC_WEB, callback_urls=["https://app.example.com/cb"])],
        triggers=auth_lib.TriggersOptions(
            inbound_federation=auth_lib.InboundFederationOptions(rules=[auth_lib.FederationRule.lowercase("email")]),
        ),
    )
    template = assertions.Template.from_stack(stack)
    template.has_resource_properties("AWS::Cognito::UserPool", {
        "LambdaConfig": {"InboundFederation": {"LambdaVersion": "V1_0"}},
    })


def test_a_federation_rule_onto_itself_is_refused_with_the_library_message():
    with pytest.raises(Exception, match=r"triggers\.inboundFederation\.rules\[0\] renames 'email' to itself: give another name as newName"):
        auth_lib.CognitoAuth(
            cdk.Stack(cdk.App(), "BadFederation"),
            "Auth",
            domain=auth_lib.HostedDomainOptions(prefix="example-federation-bad"),
            identity_providers=[auth_lib.IdentityProvider.oidc(
                name="Okta", client_id="o", client_secret=cdk.SecretValue.secrets_manager("okta", json_field="secret"), issuer_url="https://example.okta.com",
            )],
            triggers=auth_lib.TriggersOptions(
                inbound_federation=auth_lib.InboundFederationOptions(rules=[auth_lib.FederationRule.rename("email", "email")]),
            ),
        )
