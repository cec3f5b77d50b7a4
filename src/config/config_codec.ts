/** The engine's `ConfigCodec` port, implemented by this module's validator and file writer. */
import type { ConfigCodec } from "../core/config.ts";
import { applyQuotingPatch } from "./quoting_patch.ts";
import { toFile } from "./schema.ts";

/** Quoting-patch validation and the file form of a config, for the engine (injected). */
export const configCodec: ConfigCodec = { applyQuotingPatch, toFile };
