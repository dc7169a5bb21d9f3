import { readFileSync } from 'fs';
import { denseSlots, FACTS_FILE_VERSION, FileReportJson } from './facts-file-format';
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
  const { version, files } = (parsed ?? {}) as { version?: unknown; files?: unknown };
  if (version !== undefined && version !== FACTS_FILE_VERSION) {
    throw new Error(`factsFile ${path} has version ${JSON.stringify(version)}; this library reads version ${FACTS_FILE_VERSION}: ${remedy}`);
  }
  if (!Array.isArray(files) || files.length === 0) {
    throw new Error(`factsFile ${path} has no "files" list: ${remedy}`);
  }
  return files.map((report: FileReportJson, i) => {
    if (typeof report?.file !== 'string' || !Array.isArray(report.databases) || typeof report.aux !== 'object') {
      throw new Error(`factsFile ${path}: files[${i}] is not a file report (needs file, aux, databases): ${remedy}`);
    }
    return { file: report.file, report: { ...report, slots: denseSlots(report.slots, `factsFile ${path}: files[${i}].slots`) } };
  });
}
