// A Go CDK app using cdk-cognito-auth the way Go users write it, checked with the CDK's assertions package.
package consumer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-cognito-auth/cdk-cognito-auth-go/cdkcognitoauth"
)

func synth(t *testing.T) (cdkcognitoauth.CognitoAuth, assertions.Template, assertions.Template) {
	t.Helper()
	app := awscdk.NewApp(nil)
	env := &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")}
	authStack := awscdk.NewStack(app, jsii.String("Auth"), &awscdk.StackProps{Env: env})
	auth := cdkcognitoauth.NewCognitoAuth(authStack, jsii.String("Auth"), &cdkcognitoauth.CognitoAuthProps{
		SelfSignUp: jsii.Bool(true),
		CustomAttributes: &map[string]awscognito.ICustomAttribute{
			"tenant_id": awscognito.NewStringAttribute(&awscognito.StringAttributeProps{Mutable: jsii.Bool(false), MinLen: jsii.Number(1), MaxLen: jsii.Number(64)}),
		},
		ResourceServers: &[]*cdkcognitoauth.ResourceServerOptions{{
			Identifier: jsii.String("orders"),
			Scopes:     &[]*cdkcognitoauth.ResourceServerScopeOptions{{Name: jsii.String("read"), Description: jsii.String("Read orders")}},
		}},
		Clients: &[]*cdkcognitoauth.AppClientOptions{
			{Name: jsii.String("web"), Kind: cdkcognitoauth.ClientKind_PUBLIC_WEB, CallbackUrls: jsii.Strings("https://app.example.com/callback")},
			{Name: jsii.String("mobile"), Kind: cdkcognitoauth.ClientKind_NATIVE, CallbackUrls: jsii.Strings("exampleapp://callback")},
			{Name: jsii.String("orders-service"), Kind: cdkcognitoauth.ClientKind_SERVER, ClientCredentials: jsii.Bool(true),
				Scopes: &[]awscognito.OAuthScope{awscognito.OAuthScope_Custom(jsii.String("orders/read"))}},
		},
		Domain: &cdkcognitoauth.HostedDomainOptions{Prefix: jsii.String("go-consumer")},
		Groups: &[]*cdkcognitoauth.GroupOptions{
			{Name: jsii.String("admin"), Precedence: jsii.Number(0), Permissions: jsii.Strings("orders:write")},
			{Name: jsii.String("member"), Precedence: jsii.Number(10)},
		},
		IdentityPool: &cdkcognitoauth.IdentityPoolOptions{RoleMapping: cdkcognitoauth.RoleMapping_FromGroups(cdkcognitoauth.UnmatchedUsers_DEFAULT_ROLE)},
		Triggers: &cdkcognitoauth.TriggersOptions{
			PreSignUp:          &cdkcognitoauth.PreSignUpOptions{BlockedEmailDomains: jsii.Strings("mailinator.com")},
			PostConfirmation:   &cdkcognitoauth.PostConfirmationOptions{DefaultGroups: jsii.Strings("member")},
			PreTokenGeneration: &cdkcognitoauth.PreTokenGenerationOptions{ClaimsFromAttributes: &map[string]*string{"tenant": jsii.String("custom:tenant_id")}},
		},
	})
	apiStack := awscdk.NewStack(app, jsii.String("Api"), &awscdk.StackProps{Env: env})
	api := awsapigateway.NewRestApi(apiStack, jsii.String("Orders"), nil)
	users := auth.RestApiAuthorizer(apiStack, jsii.String("Users"), nil)
	auth.AddRestApiMethod(api.Root().AddResource(jsii.String("me"), nil), jsii.String("GET"), awsapigateway.NewMockIntegration(nil),
		&cdkcognitoauth.AuthorizedMethodOptions{Authorizer: users})
	// Go can also pass the options RestApiMethodOptions returns to AddMethod.
	api.Root().AddResource(jsii.String("orders"), nil).AddMethod(jsii.String("GET"), awsapigateway.NewMockIntegration(nil),
		auth.RestApiMethodOptions(users, jsii.Strings("orders/read")))
	admins := auth.JwtAuthorizer(jsii.String("Admins"), &cdkcognitoauth.CognitoJwtAuthorizerOptions{RequiredGroups: jsii.Strings("admin")})
	auth.AddRestApiMethod(api.Root().AddResource(jsii.String("admin"), nil), jsii.String("GET"), awsapigateway.NewMockIntegration(nil),
		&cdkcognitoauth.AuthorizedMethodOptions{
			Authorizer:    admins.ForRestApi(apiStack, jsii.String("Admins")),
			MethodOptions: &awsapigateway.MethodOptions{OperationName: jsii.String("Admin")},
		})
	return auth, assertions.Template_FromStack(authStack, nil), assertions.Template_FromStack(apiStack, nil)
}

func TestConsumer(t *testing.T) {
	auth, template, api := synth(t)

	t.Run("pool, clients, groups and identity pool", func(t *testing.T) {
		template.ResourceCountIs(jsii.String("AWS::Cognito::UserPool"), jsii.Number(1))
		template.ResourceCountIs(jsii.String("AWS::Cognito::UserPoolClient"), jsii.Number(3))
		template.ResourceCountIs(jsii.String("AWS::Cognito::UserPoolGroup"), jsii.Number(2))
		template.ResourceCountIs(jsii.String("AWS::Cognito::IdentityPool"), jsii.Number(1))
		if auth.Group(jsii.String("admin")).Role() == nil {
			t.Fatal("the admin group has no role")
		}
	})

	t.Run("the three triggers, wired with the bundled code", func(t *testing.T) {
		pools := *template.FindResources(jsii.String("AWS::Cognito::UserPool"), nil)
		for _, pool := range pools {
			config := (*pool)["Properties"].(map[string]interface{})["LambdaConfig"].(map[string]interface{})
			for _, key := range []string{"PreSignUp", "PostConfirmation", "PreTokenGenerationConfig"} {
				if _, ok := config[key]; !ok {
					t.Errorf("LambdaConfig has no %s", key)
				}
			}
		}
		zips := 0
		for _, fn := range *template.FindResources(jsii.String("AWS::Lambda::Function"), nil) {
			key, _ := (*fn)["Properties"].(map[string]interface{})["Code"].(map[string]interface{})["S3Key"].(string)
			if strings.HasSuffix(key, ".zip") {
				zips++
			}
		}
		if zips < 4 {
			t.Errorf("%d bundled function assets, want at least 4", zips)
		}
	})

	t.Run("the REST API in its own stack, behind the library's authorizers", func(t *testing.T) {
		api.HasResourceProperties(jsii.String("AWS::ApiGateway::Authorizer"), map[string]interface{}{"Type": "COGNITO_USER_POOLS"})
		api.HasResourceProperties(jsii.String("AWS::ApiGateway::Authorizer"), map[string]interface{}{"Type": "TOKEN"})
	})

	t.Run("each method behind its authorizer", func(t *testing.T) {
		api.ResourceCountIs(jsii.String("AWS::ApiGateway::Method"), jsii.Number(3))
		api.HasResourceProperties(jsii.String("AWS::ApiGateway::Method"),
			map[string]interface{}{"AuthorizationType": "COGNITO_USER_POOLS", "AuthorizationScopes": assertions.Match_Absent()})
		api.HasResourceProperties(jsii.String("AWS::ApiGateway::Method"),
			map[string]interface{}{"AuthorizationType": "COGNITO_USER_POOLS", "AuthorizationScopes": []interface{}{"orders/read"}})
		api.HasResourceProperties(jsii.String("AWS::ApiGateway::Method"), map[string]interface{}{"AuthorizationType": "CUSTOM", "OperationName": "Admin"})
	})

	t.Run("AddRestApiMethod refuses scopes behind the Lambda authorizer", func(t *testing.T) {
		stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Methods"), nil)
		other := cdkcognitoauth.NewCognitoAuth(stack, jsii.String("Auth"), &cdkcognitoauth.CognitoAuthProps{
			Clients: &[]*cdkcognitoauth.AppClientOptions{{Name: jsii.String("web"), Kind: cdkcognitoauth.ClientKind_PUBLIC_WEB}},
			Groups:  &[]*cdkcognitoauth.GroupOptions{{Name: jsii.String("admin")}},
		})
		restApi := awsapigateway.NewRestApi(stack, jsii.String("Api"), nil)
		admins := other.JwtAuthorizer(jsii.String("Admins"), &cdkcognitoauth.CognitoJwtAuthorizerOptions{RequiredGroups: jsii.Strings("admin")}).
			ForRestApi(stack, jsii.String("Admins"))
		defer func() {
			err := recover()
			if err == nil || !strings.Contains(fmt.Sprint(err), "addRestApiMethod('GET /admin'): scopes on a REST method need the Cognito authorizer") {
				t.Fatalf("want the library's message, got %v", err)
			}
		}()
		other.AddRestApiMethod(restApi.Root().AddResource(jsii.String("admin"), nil), jsii.String("GET"), awsapigateway.NewMockIntegration(nil),
			&cdkcognitoauth.AuthorizedMethodOptions{Authorizer: admins, Scopes: jsii.Strings("orders/read")})
	})

	t.Run("the upgrade check", func(t *testing.T) {
		before := template.ToJSON()
		if !*cdkcognitoauth.UpgradeCheck_Compare(before, before, nil).Safe {
			t.Fatal("the same template is not safe")
		}
	})
}

func TestMigration(t *testing.T) {
	t.Run("users of the previous pool move in at their first sign-in", func(t *testing.T) {
		env := &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")}
		stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Migration"), &awscdk.StackProps{Env: env})
		previous := awscognito.UserPool_FromUserPoolArn(stack, jsii.String("Previous"),
			jsii.String("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Previous1"))
		auth := cdkcognitoauth.NewCognitoAuth(stack, jsii.String("Auth"), &cdkcognitoauth.CognitoAuthProps{
			Triggers: &cdkcognitoauth.TriggersOptions{
				Migration: &cdkcognitoauth.UserMigrationOptions{
					Source: cdkcognitoauth.MigrationSource_FromUserPool(&cdkcognitoauth.UserPoolMigrationSourceOptions{UserPool: previous}),
				},
			},
		})
		if auth.MigrationTrigger() == nil {
			t.Fatal("no migration trigger")
		}
		assertions.Template_FromStack(stack, nil).HasResourceProperties(jsii.String("AWS::Cognito::UserPoolClient"), map[string]interface{}{
			"UserPoolId":        "eu-west-1_Previous1",
			"ExplicitAuthFlows": []interface{}{"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
		})
	})

	t.Run("a legacy endpoint over http is refused with the library's message", func(t *testing.T) {
		stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("BadMigration"), nil)
		secret := awssecretsmanager.NewSecret(stack, jsii.String("Legacy"), nil)
		defer func() {
			err := recover()
			if err == nil || !strings.Contains(fmt.Sprint(err), "triggers.migration.source url 'http://legacy.example.com/migrate' is not an https:// URL") {
				t.Fatalf("want the library's message, got %v", err)
			}
		}()
		cdkcognitoauth.NewCognitoAuth(stack, jsii.String("Auth"), &cdkcognitoauth.CognitoAuthProps{
			Triggers: &cdkcognitoauth.TriggersOptions{
				Migration: &cdkcognitoauth.UserMigrationOptions{
					Source: cdkcognitoauth.MigrationSource_FromHttpEndpoint(&cdkcognitoauth.HttpMigrationSourceOptions{
						Url: jsii.String("http://legacy.example.com/migrate"), Secret: secret,
					}),
				},
			},
		})
	})
}
