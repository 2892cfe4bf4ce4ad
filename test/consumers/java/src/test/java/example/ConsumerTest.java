package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdkcognitoauth.AppClientOptions;
import dev.cdkcognitoauth.AuthorizedMethodOptions;
import dev.cdkcognitoauth.ClientKind;
import dev.cdkcognitoauth.CognitoAuth;
import dev.cdkcognitoauth.CognitoJwtAuthorizerOptions;
import dev.cdkcognitoauth.GroupOptions;
import dev.cdkcognitoauth.HostedDomainOptions;
import dev.cdkcognitoauth.IdentityPoolOptions;
import dev.cdkcognitoauth.MigrationSource;
import dev.cdkcognitoauth.HttpMigrationSourceOptions;
import dev.cdkcognitoauth.UserMigrationOptions;
import dev.cdkcognitoauth.UserPoolMigrationSourceOptions;
import dev.cdkcognitoauth.PostConfirmationOptions;
import dev.cdkcognitoauth.PreSignUpOptions;
import dev.cdkcognitoauth.PreTokenGenerationOptions;
import dev.cdkcognitoauth.ResourceServerOptions;
import dev.cdkcognitoauth.ResourceServerScopeOptions;
import dev.cdkcognitoauth.RoleMapping;
import dev.cdkcognitoauth.TriggersOptions;
import dev.cdkcognitoauth.UpgradeCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.StringAttribute;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.cognito.StringAttributeProps;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerTest {
  private CognitoAuth auth;
  private Template template;
  private Template api;

  @BeforeAll
  void synth() {
    App app = new App();
    Environment env = Environment.builder().account("123456789012").region("eu-west-1").build();
    Stack authStack = new Stack(app, "Auth", StackProps.builder().env(env).build());
    auth = CognitoAuth.Builder.create(authStack, "Auth")
        .selfSignUp(true)
        .customAttributes(Map.of("tenant_id", new StringAttribute(StringAttributeProps.builder().mutable(false).minLen(1).maxLen(64).build())))
        .resourceServers(List.of(ResourceServerOptions.builder()
            .identifier("orders")
            .scopes(List.of(ResourceServerScopeOptions.builder().name("read").description("Read orders").build()))
            .build()))
        .clients(List.of(
            AppClientOptions.builder().name("web").kind(ClientKind.PUBLIC_WEB).callbackUrls(List.of("https://app.example.com/callback")).build(),
            AppClientOptions.builder().name("mobile").kind(ClientKind.NATIVE).callbackUrls(List.of("exampleapp://callback")).build(),
            AppClientOptions.builder().name("orders-service").kind(ClientKind.SERVER).clientCredentials(true)
                .scopes(List.of(OAuthScope.custom("orders/read"))).build()))
        .domain(HostedDomainOptions.builder().prefix("java-consumer").build())
        .groups(List.of(
            GroupOptions.builder().name("admin").precedence(0).permissions(List.of("orders:write")).build(),
            GroupOptions.builder().name("member").precedence(10).build()))
        .identityPool(IdentityPoolOptions.builder().roleMapping(RoleMapping.fromGroups()).build())
        .triggers(TriggersOptions.builder()
            .preSignUp(PreSignUpOptions.builder().blockedEmailDomains(List.of("mailinator.com")).build())
            .postConfirmation(PostConfirmationOptions.builder().defaultGroups(List.of("member")).build())
            .preTokenGeneration(PreTokenGenerationOptions.builder().claimsFromAttributes(Map.of("tenant", "custom:tenant_id")).build())
            .build())
        .build();
    // The usual layout: the REST API in a stack of its own, its authorizers created there.
    Stack apiStack = new Stack(app, "Api", StackProps.builder().env(env).build());
    RestApi restApi = new RestApi(apiStack, "Orders");
    CognitoUserPoolsAuthorizer users = auth.restApiAuthorizer(apiStack, "Users");
    auth.addRestApiMethod(restApi.getRoot().addResource("me"), "GET", new MockIntegration(), AuthorizedMethodOptions.builder().authorizer(users).build());
    // Java can also pass the options restApiMethodOptions returns to addMethod.
    restApi.getRoot().addResource("orders").addMethod("GET", new MockIntegration(), auth.restApiMethodOptions(users, List.of("orders/read")));
    var admins = auth.jwtAuthorizer("Admins", CognitoJwtAuthorizerOptions.builder().requiredGroups(List.of("admin")).build());
    auth.addRestApiMethod(restApi.getRoot().addResource("admin"), "GET", new MockIntegration(), AuthorizedMethodOptions.builder()
        .authorizer(admins.forRestApi(apiStack, "Admins"))
        .methodOptions(MethodOptions.builder().operationName("Admin").build())
        .build());
    template = Template.fromStack(authStack);
    api = Template.fromStack(apiStack);
  }

  @Test
  void poolClientsGroupsAndIdentityPool() {
    template.resourceCountIs("AWS::Cognito::UserPool", 1);
    template.resourceCountIs("AWS::Cognito::UserPoolClient", 3);
    template.resourceCountIs("AWS::Cognito::UserPoolGroup", 2);
    template.resourceCountIs("AWS::Cognito::IdentityPool", 1);
    assertNotNull(auth.group("admin").getRole());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theThreeTriggersAreWiredWithTheBundledCode() {
    Map<String, Map<String, Object>> pools = template.findResources("AWS::Cognito::UserPool");
    Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) pools.values().iterator().next().get("Properties")).get("LambdaConfig");
    assertTrue(config.keySet().containsAll(List.of("PreSignUp", "PostConfirmation", "PreTokenGenerationConfig")), config.keySet().toString());
    long zips = template.findResources("AWS::Lambda::Function").values().stream()
        .map((f) -> ((Map<String, Object>) ((Map<String, Object>) f.get("Properties")).get("Code")).get("S3Key"))
        .filter((key) -> key instanceof String && ((String) key).endsWith(".zip"))
        .count();
    assertTrue(zips >= 4, zips + " bundled function assets");
  }

  @Test
  void theRestApiInItsOwnStackUsesTheLibraryAuthorizers() {
    api.hasResourceProperties("AWS::ApiGateway::Authorizer", Map.of("Type", "COGNITO_USER_POOLS"));
    api.hasResourceProperties("AWS::ApiGateway::Authorizer", Map.of("Type", "TOKEN"));
  }

  @Test
  void eachMethodIsBehindItsAuthorizer() {
    api.resourceCountIs("AWS::ApiGateway::Method", 3);
    api.hasResourceProperties("AWS::ApiGateway::Method", Map.of("AuthorizationType", "COGNITO_USER_POOLS", "AuthorizationScopes", Match.absent()));
    api.hasResourceProperties("AWS::ApiGateway::Method", Map.of("AuthorizationType", "COGNITO_USER_POOLS", "AuthorizationScopes", List.of("orders/read")));
    api.hasResourceProperties("AWS::ApiGateway::Method", Map.of("AuthorizationType", "CUSTOM", "OperationName", "Admin"));
  }

  @Test
  void addRestApiMethodRefusesScopesBehindTheLambdaAuthorizer() {
    Stack stack = new Stack(new App(), "Methods");
    CognitoAuth other = CognitoAuth.Builder.create(stack, "Auth")
        .clients(List.of(AppClientOptions.builder().name("web").kind(ClientKind.PUBLIC_WEB).build()))
        .groups(List.of(GroupOptions.builder().name("admin").build()))
        .build();
    RestApi restApi = new RestApi(stack, "Api");
    var admins = other.jwtAuthorizer("Admins", CognitoJwtAuthorizerOptions.builder().requiredGroups(List.of("admin")).build()).forRestApi(stack, "Admins");
    RuntimeException err = assertThrows(RuntimeException.class, () -> other.addRestApiMethod(restApi.getRoot().addResource("admin"), "GET",
        new MockIntegration(), AuthorizedMethodOptions.builder().authorizer(admins).scopes(List.of("orders/read")).build()));
    assertTrue(err.getMessage().contains("addRestApiMethod('GET /admin'): scopes on a REST method need the Cognito authorizer"), err.getMessage());
  }

  @Test
  void theUpgradeCheck() {
    Map<String, Object> before = (Map<String, Object>) template.toJSON();
    assertTrue(UpgradeCheck.compare(before, before).getSafe());
  }

  @Test
  void badInputFailsWithTheLibraryMessage() {
    Stack stack = new Stack(new App(), "Bad");
    RuntimeException err = assertThrows(RuntimeException.class, () ->
        CognitoAuth.Builder.create(stack, "Auth").domain(HostedDomainOptions.builder().prefix("my-cognito-login").build()).build());
    assertTrue(err.getMessage().contains("domain.prefix 'my-cognito-login' is invalid"), err.getMessage());
    assertEquals(ClientKind.PUBLIC_WEB, ClientKind.valueOf("PUBLIC_WEB"));
  }

  @Test
  void usersOfThePreviousPoolMoveInAtTheirFirstSignIn() {
    Stack stack = new Stack(new App(), "Migration", StackProps.builder()
        .env(Environment.builder().account("123456789012").region("eu-west-1").build()).build());
    var previous = UserPool.fromUserPoolArn(stack, "Previous", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Previous1");
    CognitoAuth auth = CognitoAuth.Builder.create(stack, "Auth")
        .triggers(TriggersOptions.builder()
            .migration(UserMigrationOptions.builder()
                .source(MigrationSource.fromUserPool(UserPoolMigrationSourceOptions.builder().userPool(previous).build()))
                .build())
            .build())
        .build();
    assertNotNull(auth.getMigrationTrigger());
    Template.fromStack(stack).hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
        "UserPoolId", "eu-west-1_Previous1",
        "ExplicitAuthFlows", List.of("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")));
  }

  @Test
  void aLegacyEndpointOverHttpIsRefusedWithTheLibraryMessage() {
    Stack stack = new Stack(new App(), "BadMigration");
    Secret secret = new Secret(stack, "Legacy");
    RuntimeException err = assertThrows(RuntimeException.class, () -> CognitoAuth.Builder.create(stack, "Auth")
        .triggers(TriggersOptions.builder()
            .migration(UserMigrationOptions.builder()
                .source(MigrationSource.fromHttpEndpoint(HttpMigrationSourceOptions.builder()
                    .url("http://legacy.example.com/migrate").secret(secret).build()))
                .build())
            .build())
        .build());
    assertTrue(err.getMessage().contains("triggers.migration.source url 'http://legacy.example.com/migrate' is not an https:// URL"), err.getMessage());
  }
}
