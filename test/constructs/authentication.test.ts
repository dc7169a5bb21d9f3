import { App, CfnResource, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  Authentication, BackupSource, ClusterMode, EngineVersion, NodeType, Preflight, RestoredReplicationGroup, RestoredReplicationGroupProps,
} from '../../src';

const RG = 'AWS::ElastiCache::ReplicationGroup';
const SECRET = 'AWS::SecretsManager::Secret';

type Overrides = Partial<RestoredReplicationGroupProps>;

function build(overrides: Overrides | ((stack: Stack) => Overrides) = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const group = new RestoredReplicationGroup(stack, 'Cache', {
    vpc,
    backup: BackupSource.fromSnapshotName('nightly'),
    engineVersion: EngineVersion.REDIS_7_1,
    nodeType: NodeType.R7G_LARGE,
    clusterMode: ClusterMode.disabled(),
    preflight: Preflight.disabled(),
    ...(typeof overrides === 'function' ? overrides(stack) : overrides),
  });
  return { stack, group, get template() { return Template.fromStack(stack); } };
}

/** Every printable ASCII character that is not a letter or a digit. */
const PRINTABLE_PUNCTUATION = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => !/[A-Za-z0-9]/.test(c));

describe('authentication', () => {
  test('by default, a generated AUTH token that the template only references', () => {
    const { stack, group, template } = build();
    template.resourceCountIs(SECRET, 1);
    const secretId = stack.getLogicalId(group.secret!.node.defaultChild as CfnResource);
    template.hasResourceProperties(RG, {
      AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
      TransitEncryptionEnabled: true,
      UserGroupIds: Match.absent(),
    });
    template.hasResource(SECRET, { DeletionPolicy: 'Delete' });
  });

  test('the generated token keeps to what ElastiCache accepts: 16 to 128 characters, punctuation only ! & # $ ^ < > -', () => {
    const { template } = build();
    const [secret] = Object.values(template.findResources(SECRET));
    const generate = secret.Properties.GenerateSecretString;
    expect(generate.PasswordLength).toBeGreaterThanOrEqual(16);
    expect(generate.PasswordLength).toBeLessThanOrEqual(128);
    expect(generate.ExcludePunctuation).toBeUndefined();
    const allowed = PRINTABLE_PUNCTUATION.filter((c) => !generate.ExcludeCharacters.includes(c));
    expect(allowed.sort()).toEqual(['!', '#', '$', '&', '-', '<', '>', '^'].sort());
  });

  test('the generated token\'s secret takes a name and a key', () => {
    const { template } = build((stack) => ({
      authentication: Authentication.generatedToken({ secretName: 'orders-auth', encryptionKey: new kms.Key(stack, 'Key') }),
    }));
    template.hasResourceProperties(SECRET, {
      Name: 'orders-auth',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });

  test('a retained group keeps the secret that opens it', () => {
    const { template } = build({ removalPolicy: RemovalPolicy.RETAIN });
    template.hasResource(SECRET, { DeletionPolicy: 'Retain' });
  });

  test('without transit encryption, none by default: ElastiCache takes no AUTH without TLS', () => {
    const { group, template } = build({ transitEncryption: false });
    template.resourceCountIs(SECRET, 0);
    template.hasResourceProperties(RG, { AuthToken: Match.absent(), TransitEncryptionEnabled: false });
    expect(group.secret).toBeUndefined();
  });

  test('token() references the given secret', () => {
    const { group, template } = build({ authentication: Authentication.token(SecretValue.secretsManager('orders-auth')) });
    template.resourceCountIs(SECRET, 0);
    template.hasResourceProperties(RG, { AuthToken: '{{resolve:secretsmanager:orders-auth:SecretString:::}}' });
    expect(group.secret).toBeUndefined();
  });

  test('a plaintext token works but warns that it lands in the template', () => {
    const { stack } = build({ authentication: Authentication.token(SecretValue.unsafePlainText('x'.repeat(16))) });
    Annotations.fromStack(stack).hasWarning('/Stack/Cache', Match.stringLikeRegexp('The AUTH token is plaintext and lands in the template'));
  });

  test('the deprecated authToken still works', () => {
    const { template } = build({ authToken: SecretValue.secretsManager('legacy') });
    template.hasResourceProperties(RG, { AuthToken: '{{resolve:secretsmanager:legacy:SecretString:::}}' });
    template.resourceCountIs(SECRET, 0);
  });

  test('userGroups() sets RBAC user groups and no token', () => {
    const { template } = build({ authentication: Authentication.userGroups(['orders-users', 'ops']), engineVersion: EngineVersion.VALKEY_8_0 });
    template.hasResourceProperties(RG, { UserGroupIds: ['orders-users', 'ops'], AuthToken: Match.absent() });
    template.resourceCountIs(SECRET, 0);
  });

  test('none() leaves the group open to whoever the security groups let in', () => {
    const { template } = build({ authentication: Authentication.none() });
    template.hasResourceProperties(RG, { AuthToken: Match.absent(), UserGroupIds: Match.absent(), TransitEncryptionEnabled: true });
    template.resourceCountIs(SECRET, 0);
  });

  test.each<[string, Overrides, RegExp]>([
    ['RBAC on an engine without it', { authentication: Authentication.userGroups(['u']), engineVersion: EngineVersion.REDIS_5_0_6 },
      /Authentication.userGroups\(\) needs RBAC, which Redis OSS 5.0.6 lacks: use Redis OSS 6.0 or later, or Valkey/],
    ['a plaintext token ElastiCache would refuse', { authentication: Authentication.token(SecretValue.unsafePlainText('short@token')) },
      /the AUTH token has 11 characters or a character ElastiCache refuses: give 16 to 128 letters, digits or ! & # \$ \^ < > -/],
    ['no user groups', { authentication: Authentication.userGroups([]) }, /needs at least one user group id/],
    ['user groups without TLS', { authentication: Authentication.userGroups(['u']), transitEncryption: false }, /authentication needs transitEncryption/],
    ['a generated token without TLS', { authentication: Authentication.generatedToken(), transitEncryption: false }, /authentication needs transitEncryption/],
    ['authToken and authentication', { authToken: SecretValue.secretsManager('a'), authentication: Authentication.none() },
      /authToken is the deprecated form of authentication: Authentication.token\(\): give only authentication/],
  ])('refuses %s', (_, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });
});
