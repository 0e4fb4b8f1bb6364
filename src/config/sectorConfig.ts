import { z } from "zod";
import type { FactorSet, SectorFactors } from "../audit/types.ts";

const factor = z.number().finite().nonnegative();
const synonyms = z.array(z.string().trim().min(1)).default([]);

const sectorSchema = z.strictObject({
  production_per_ton: factor,
  energy_per_mwh: factor,
  material_processing_per_ton: factor,
  annual_cap_kg: z.number().finite().positive(),
  synonyms,
});

const energySourceSchema = z.strictObject({
  multiplier: z.number().finite().nonnegative(),
  synonyms,
});

export const sectorConfigSchema = z
  .strictObject({
    version: z.string().trim().min(1),
    description: z.string().optional(),
    sectors: z
      .record(z.string().trim().min(1), sectorSchema)
      .refine((s) => Object.keys(s).length > 0, {
        message: "at least one sector is required",
      }),
    energy_sources: z.record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, "use lower_snake_case names"),
      energySourceSchema,
    ),
    default_energy_source: z.string(),
  })
  .superRefine((config, ctx) => {
    if (!Object.hasOwn(config.energy_sources, config.default_energy_source)) {
      ctx.addIssue({
        code: "custom",
        path: ["default_energy_source"],
        message: `"${config.default_energy_source}" is not one of energy_sources`,
      });
    }
    reportCollisions(config.sectors, ["sectors"], ctx);
    reportCollisions(config.energy_sources, ["energy_sources"], ctx);
  });

type RawConfig = z.infer<typeof sectorConfigSchema>;

function reportCollisions(
  entries: Record<string, { synonyms: string[] }>,
  path: string[],
  ctx: z.RefinementCtx,
): void {
  const owner = new Map<string, string>();
  for (const [name, entry] of Object.entries(entries)) {
    for (const alias of [name, ...entry.synonyms]) {
      const key = alias.trim().toLowerCase();
      const previous = owner.get(key);
      if (previous !== undefined && previous !== name) {
        ctx.addIssue({
          code: "custom",
          path: [...path, name, "synonyms"],
          message: `"${alias}" already names ${previous}`,
        });
      }
      owner.set(key, name);
    }
  }
}

/** The validated configuration: the audit's factor set and the names the cleaner accepts. */
export interface SectorConfig {
  readonly factorSet: FactorSet;
  /** Lowercased sector name or synonym → canonical sector name. */
  readonly sectorNames: ReadonlyMap<string, string>;
  /** Lowercased energy source or synonym → canonical energy-source name. */
  readonly energySourceNames: ReadonlyMap<string, string>;
  readonly defaultEnergySource: string;
}

export class SectorConfigError extends Error {
  override readonly name = "SectorConfigError";
}

/** Validates parsed JSON; `sha256` is the digest of the file's bytes. */
export function parseSectorConfig(
  json: unknown,
  sha256: string,
  source = "sector config",
): SectorConfig {
  const parsed = sectorConfigSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issue.path.length > 0 ? issue.path.join(".") : "(top level)"}: ${issue.message}`,
    );
    throw new SectorConfigError(`${source} is invalid: ${problems.join("; ")}`);
  }
  return toSectorConfig(parsed.data, sha256);
}

function toSectorConfig(raw: RawConfig, sha256: string): SectorConfig {
  const sectors = new Map<string, SectorFactors>();
  const sectorNames = new Map<string, string>();
  for (const [name, sector] of Object.entries(raw.sectors)) {
    sectors.set(
      name,
      Object.freeze({
        productionPerTon: sector.production_per_ton,
        energyPerMwh: sector.energy_per_mwh,
        materialProcessingPerTon: sector.material_processing_per_ton,
        annualCapKg: sector.annual_cap_kg,
      }),
    );
    for (const alias of [name, ...sector.synonyms])
      sectorNames.set(alias.trim().toLowerCase(), name);
  }
  const energyMultipliers: Record<string, number> = {};
  const energySourceNames = new Map<string, string>();
  for (const [name, source] of Object.entries(raw.energy_sources)) {
    energyMultipliers[name] = source.multiplier;
    for (const alias of [name, ...source.synonyms]) {
      energySourceNames.set(alias.trim().toLowerCase(), name);
    }
  }
  return Object.freeze({
    factorSet: Object.freeze({
      version: raw.version,
      sha256,
      sectors,
      energyMultipliers: Object.freeze(energyMultipliers),
    }),
    sectorNames,
    energySourceNames,
    defaultEnergySource: raw.default_energy_source,
  });
}
