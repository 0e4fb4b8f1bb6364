import type {
  AuditSummary as AuditSummaryShape,
  SectorBreakdown as SectorBreakdownShape,
} from "../../audit/summary.ts";
import { builder } from "../builder.ts";
import { FactoryAudit } from "./factoryAudit.ts";

export const AuditSummary = builder.objectRef<AuditSummaryShape>("AuditSummary").implement({
  fields: (t) => ({
    totalFactories: t.exposeInt("totalFactories", { description: "Distinct factory ids." }),
    factoryYears: t.exposeInt("factoryYears", { description: "Audited factory-years." }),
    years: t.exposeIntList("years"),
    totalEmissionsKg: t.exposeFloat("totalEmissionsKg"),
    totalEmissionsTonnes: t.exposeFloat("totalEmissionsTonnes"),
    totalAlerts: t.exposeInt("totalAlerts", {
      description: "Alert months over all factory-years.",
    }),
    factoriesOverCap: t.exposeInt("factoriesOverCap", {
      description: "Distinct factory ids with at least one EXCEEDED year.",
    }),
  }),
});

export const SectorBreakdown = builder
  .objectRef<SectorBreakdownShape>("SectorBreakdown")
  .implement({
    fields: (t) => ({
      sector: t.exposeString("sector"),
      factories: t.exposeInt("factories"),
      totalEmissionsKg: t.exposeFloat("totalEmissionsKg"),
      avgPerFactoryKg: t.exposeFloat("avgPerFactoryKg"),
      factoriesOverCap: t.exposeInt("factoriesOverCap"),
    }),
  });

export interface SectorViolatorsShape {
  readonly jobId: string;
  readonly sector: string;
  readonly count: number;
  readonly first: number;
}

export const SectorViolators = builder
  .objectRef<SectorViolatorsShape>("SectorViolators")
  .implement({
    description: "A sector's EXCEEDED factory-years, highest total first (ties by factory id).",
    fields: (t) => ({
      sector: t.exposeString("sector"),
      count: t.exposeInt("count", { description: "All EXCEEDED factory-years of the sector." }),
      violators: t.field({
        type: [FactoryAudit],
        description: "The first `first` of them (argument of violatorsBySector).",
        resolve: (s, _args, { jobs }) => jobs.store.violators(s.jobId, s.sector, s.first),
      }),
    }),
  });
