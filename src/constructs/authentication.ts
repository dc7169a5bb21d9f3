import { Annotations, CfnResource, RemovalPolicy, SecretValue, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AUTH_TOKEN_SECRET_SUPPRESSIONS, suppressNagRules } from './nag-suppressions';
import { EngineVersion } from '../model/engine-version';

/** ElastiCache's AUTH tokens: 16 to 128 letters, digits and these, no other printable character. */
const AUTH_TOKEN_PUNCTUATION = '!&#$^<>-';
const AUTH_TOKEN_MIN_LENGTH = 16;
const AUTH_TOKEN_MAX_LENGTH = 128;
const GENERATED_TOKEN_LENGTH = 64;

const isAlphanumeric = (c: string) => /^[A-Za-z0-9]$/.test(c);
const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
/** What Secrets Manager must leave out of a generated token. */
const AUTH_TOKEN_EXCLUDED_CHARACTERS = PRINTABLE_ASCII.filter((c) => !isAlphanumeric(c) && !AUTH_TOKEN_PUNCTUATION.includes(c)).join('');

function isValidAuthToken(token: string): boolean {
  return token.length >= AUTH_TOKEN_MIN_LENGTH && token.length <= AUTH_TOKEN_MAX_LENGTH
    && [...token].every((c) => isAlphanumeric(c) || AUTH_TOKEN_PUNCTUATION.includes(c));
}

/** What a group's properties get from its authentication. */
export interface RenderedAuthentication {
  readonly authToken?: string;
  readonly userGroupIds?: string[];
  /** The generated token's secret. */
  readonly secret?: secretsmanager.ISecret;
}

/** What each kind of authentication was given. */
interface AuthenticationSettings {
  readonly generated?: GeneratedTokenOptions;
  readonly token?: SecretValue;
  readonly userGroupIds?: string[];
}

/** What the group tells its authentication. */
export interface AuthenticationContext {
  readonly engineVersion: EngineVersion;
  readonly transitEncryption: boolean;
  /** The group's removal policy: a retained group keeps the secret that opens it. */
  readonly removalPolicy: RemovalPolicy;
}

type Kind = 'generated-token' | 'token' | 'user-groups' | 'none';

/**
 * Options for `Authentication.generatedToken()`.
 */
export interface GeneratedTokenOptions {
  /**
   * The secret's name.
   *
   * @default - a name CloudFormation generates
   */
  readonly secretName?: string;

  /**
   * The KMS key that encrypts the secret.
   *
   * @default - the account's `aws/secretsmanager` key
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * How clients prove who they are: an AUTH token (generated into Secrets Manager or given), RBAC user
 * groups, or nothing. Every choice but `none()` needs transit encryption.
 */
export class Authentication {
  /**
   * A 64-character AUTH token generated into a new Secrets Manager secret (`group.secret`). The
   * template references it dynamically: the token never appears in it.
   *
   * @param options the secret's name and key
   */
  public static generatedToken(options: GeneratedTokenOptions = {}): Authentication {
    return new Authentication('generated-token', { generated: options });
  }

  /**
   * An AUTH token you keep, e.g. `SecretValue.secretsManager('orders-auth')`. ElastiCache takes 16 to
   * 128 printable characters, with no punctuation but `! & # $ ^ < > -`.
   *
   * @param token the token, referenced dynamically (never a plaintext SecretValue)
   */
  public static token(token: SecretValue): Authentication {
    return new Authentication('token', { token });
  }

  /**
   * Role-based access control: users in these ElastiCache user groups, each with its own password or
   * IAM authentication (see `grantConnect`). Needs Redis OSS 6.0 or later, or Valkey.
   *
   * @param userGroupIds ids of `AWS::ElastiCache::UserGroup`s, e.g. `userGroup.ref`
   */
  public static userGroups(userGroupIds: string[]): Authentication {
    return new Authentication('user-groups', { userGroupIds });
  }

  /**
   * No authentication: any client the security groups let in may run every command.
   */
  public static none(): Authentication {
    return new Authentication('none');
  }

  private constructor(private readonly kind: Kind, private readonly settings: AuthenticationSettings = {}) {}

  /** Whether clients authenticate as RBAC users, which IAM authentication needs. @internal */
  public get _usesUserGroups(): boolean {
    return this.kind === 'user-groups';
  }

  /**
   * The group's properties for this authentication; `problems` collects what the group's other props rule out.
   *
   * @internal
   */
  public _render(scope: Construct, context: AuthenticationContext, problems: string[]): RenderedAuthentication {
    if (this.kind === 'none') return {};
    if (!context.transitEncryption) {
      problems.push('authentication needs transitEncryption: ElastiCache takes an AUTH token or RBAC user groups only over TLS; remove transitEncryption: false or use Authentication.none()');
    }
    switch (this.kind) {
      case 'generated-token': {
        const secret = new secretsmanager.Secret(scope, 'AuthToken', {
          ...this.settings.generated,
          description: `AUTH token of ${scope.node.path}`,
          generateSecretString: {
            passwordLength: GENERATED_TOKEN_LENGTH,
            excludeCharacters: AUTH_TOKEN_EXCLUDED_CHARACTERS,
          },
        });
        secret.applyRemovalPolicy(context.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
        suppressNagRules(secret.node.defaultChild as CfnResource, AUTH_TOKEN_SECRET_SUPPRESSIONS);
        return { authToken: secret.secretValue.unsafeUnwrap(), secret };
      }
      case 'token': {
        const authToken = this.settings.token!.unsafeUnwrap();
        // A resolved string would land in the template as it is.
        if (!Token.isUnresolved(authToken)) {
          Annotations.of(scope).addWarningV2('cdk-elasticache-restore:plaintext-auth-token',
            'The AUTH token is plaintext and lands in the template: reference a secret, e.g. SecretValue.secretsManager(id), or use Authentication.generatedToken().');
          // Never quote the token itself in the message.
          if (!isValidAuthToken(authToken)) {
            problems.push(`the AUTH token has ${authToken.length} characters or a character ElastiCache refuses: give 16 to 128 letters, digits or ! & # $ ^ < > -`);
          }
        }
        return { authToken };
      }
      case 'user-groups': {
        const userGroupIds = this.settings.userGroupIds!;
        if (userGroupIds.length === 0) {
          problems.push('Authentication.userGroups() needs at least one user group id');
        }
        if (!context.engineVersion.isAtLeast(EngineVersion.REDIS_6_0)) {
          problems.push(`Authentication.userGroups() needs RBAC, which ${context.engineVersion} lacks: use Redis OSS 6.0 or later, or Valkey`);
        }
        return { userGroupIds };
      }
    }
  }
}
