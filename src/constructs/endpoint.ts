import { Token } from 'aws-cdk-lib';

/**
 * Where clients connect: a host name and a port.
 */
export class Endpoint {
  /** The host name, e.g. `master.orders.abc123.use1.cache.amazonaws.com`. */
  public readonly hostname: string;

  /** The port. */
  public readonly port: number;

  /** `hostname:port`, the form most Redis OSS and Valkey clients take. */
  public readonly socketAddress: string;

  /**
   * @param address the host name
   * @param port the port
   */
  constructor(address: string, port: number) {
    this.hostname = address;
    this.port = port;
    // A token port must be rendered as a string token, or it would print as a huge number.
    const portText = Token.isUnresolved(port) ? Token.asString(port) : String(port);
    this.socketAddress = `${address}:${portText}`;
  }
}
