import { readFileSync } from 'fs';
import { FileReport } from '../rdb/report';
import { RdbFileFacts } from '../rules/facts';

/**
 * Reads the facts file that `cdk-elasticache-restore inspect --json` writes: `{ files: FileReport[] }`.
 */
export function readFactsFile(path: string): RdbFileFacts[] {
  const remedy = `write it with: npx cdk-elasticache-restore inspect --json FILE.rdb… > ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`factsFile ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): ${remedy}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`factsFile ${path} is not JSON (${(e as Error).message}): ${remedy}`);
  }
  const files = (parsed as { files?: unknown })?.files;
  if (!Array.isArray(files) || files.length === 0) {
    throw new Error(`factsFile ${path} has no "files" list: ${remedy}`);
  }
  return files.map((report: FileReport, i) => {
    if (typeof report?.file !== 'string' || !Array.isArray(report.databases) || typeof report.aux !== 'object') {
      throw new Error(`factsFile ${path}: files[${i}] is not a file report (needs file, aux, databases): ${remedy}`);
    }
    return { file: report.file, report };
  });
}
