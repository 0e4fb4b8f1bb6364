/** Seeded synthetic monthly production, for the sample file and the benchmarks. */

export interface GeneratorOptions {
  readonly factories: number;
  readonly seed: number;
  /** Consecutive years per factory; a `year` column is written when more than one. */
  readonly years?: number;
  readonly startYear?: number;
}

interface SectorProfile {
  readonly sector: string;
  readonly prefix: string;
  /** Share of the factories, in tenths. */
  readonly tenths: number;
  readonly productionTons: number;
  readonly energyMwh: number;
  readonly rawMaterialTons: number;
}

/** Typical months sized so that a fair share of factories end the year over their cap. */
const PROFILES: readonly SectorProfile[] = [
  {
    sector: "Steel",
    prefix: "STEEL",
    tenths: 4,
    productionTons: 1500,
    energyMwh: 3600,
    rawMaterialTons: 2200,
  },
  {
    sector: "Textile",
    prefix: "TEX",
    tenths: 3,
    productionTons: 600,
    energyMwh: 600,
    rawMaterialTons: 900,
  },
  {
    sector: "Electronics",
    prefix: "ELEC",
    tenths: 3,
    productionTons: 500,
    energyMwh: 900,
    rawMaterialTons: 700,
  },
];

const ENERGY_SOURCES = ["coal", "natural_gas", "grid", "renewable", "nuclear"] as const;
const SOURCE_WEIGHTS = [0.3, 0.2, 0.35, 0.13, 0.02] as const;

/** mulberry32: small, fast and good enough for test data; the same seed gives the same file. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickSource(random: () => number): string {
  let r = random();
  for (let i = 0; i < ENERGY_SOURCES.length; i++) {
    r -= SOURCE_WEIGHTS[i] ?? 0;
    if (r < 0) return ENERGY_SOURCES[i] ?? "grid";
  }
  return "grid";
}

/** How many factories of each sector: 40% steel, 30% textile, 30% electronics. */
export function sectorCounts(factories: number): number[] {
  const counts = PROFILES.map((p) => Math.floor((factories * p.tenths) / 10));
  counts[0] = (counts[0] ?? 0) + factories - counts.reduce((a, b) => a + b, 0);
  return counts;
}

/** The CSV, in chunks of about `chunkRows` rows. */
export function* productionCsvChunks(
  options: GeneratorOptions,
  chunkRows = 16_384,
): Generator<string> {
  const years = options.years ?? 1;
  const startYear = options.startYear ?? 2024;
  const withYear = years > 1;
  const random = seededRandom(options.seed);
  const vary = (base: number, spread: number): string =>
    (base * (1 - spread + 2 * spread * random())).toFixed(1);

  let chunk = `factory_id,sector,month,monthly_production_tons,energy_used_mwh,energy_source_type,raw_material_weight_tons${withYear ? ",year" : ""}\n`;
  let rowsInChunk = 0;
  const counts = sectorCounts(options.factories);
  for (const [index, profile] of PROFILES.entries()) {
    const count = counts[index] ?? 0;
    const width = Math.max(2, String(count).length);
    for (let n = 1; n <= count; n++) {
      const id = `FAC_${profile.prefix}_${String(n).padStart(width, "0")}`;
      const scale = 0.8 + 0.55 * random();
      const mainSource = pickSource(random);
      for (let y = 0; y < years; y++) {
        for (let month = 1; month <= 12; month++) {
          const source = random() < 0.85 ? mainSource : pickSource(random);
          chunk +=
            `${id},${profile.sector},${month},${vary(profile.productionTons * scale, 0.12)},` +
            `${vary(profile.energyMwh * scale, 0.12)},${source},${vary(profile.rawMaterialTons * scale, 0.1)}` +
            `${withYear ? `,${startYear + y}` : ""}\n`;
          rowsInChunk += 1;
          if (rowsInChunk >= chunkRows) {
            yield chunk;
            chunk = "";
            rowsInChunk = 0;
          }
        }
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}
