import { ConfigError, formatIssues } from "./config_error.ts";
import { type BotConfig, configSchema, fromFile } from "./schema.ts";

/** Validate an already-parsed JSON value; `source` names it in error messages. */
export function parseConfig(json: unknown, source: string): BotConfig {
  const result = configSchema.safeParse(json);
  if (!result.success) throw new ConfigError(formatIssues(source, result.error.issues));
  return fromFile(result.data);
}

/** Read, parse and validate a config file. Every failure is a ConfigError (exit code 2). */
export async function loadConfig(path: string): Promise<BotConfig> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ConfigError(`${path}: file not found`);
    }
    if (error instanceof Deno.errors.IsADirectory) {
      throw new ConfigError(`${path}: expected a JSON file, found a directory`);
    }
    throw new ConfigError(`${path}: cannot read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: invalid JSON: ${(error as Error).message}`);
  }
  return parseConfig(json, path);
}
