/** `s3://bucket/key`: how findings, logs and errors name an object. */
export function s3Uri(object: { readonly bucket: string; readonly key: string }): string {
  return `s3://${object.bucket}/${object.key}`;
}
