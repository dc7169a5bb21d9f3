/**
 * The IP protocols of a group's nodes.
 */
export enum NetworkType {
  /** IPv4 addresses only. */
  IPV4 = 'ipv4',
  /** IPv6 addresses only (Redis OSS 6.2 or later, or Valkey, on Nitro node types). */
  IPV6 = 'ipv6',
  /** Both IPv4 and IPv6 addresses (Redis OSS 6.2 or later, or Valkey, on Nitro node types). */
  DUAL_STACK = 'dual_stack',
}

/**
 * Which addresses the nodes give clients that discover the cluster (`CLUSTER SLOTS`, `CLUSTER SHARDS`).
 */
export enum IpDiscovery {
  /** IPv4 addresses. */
  IPV4 = 'ipv4',
  /** IPv6 addresses; needs `NetworkType.IPV6` or `NetworkType.DUAL_STACK`. */
  IPV6 = 'ipv6',
}

/**
 * Whether clients must use TLS once transit encryption is on.
 */
export enum TransitEncryptionMode {
  /** Only TLS connections. */
  REQUIRED = 'required',
  /** TLS and plain connections, while clients move to TLS. */
  PREFERRED = 'preferred',
}
