import type { MonthlyAudit as MonthlyAuditShape } from "../../audit/types.ts";
import type { StoredFactoryAudit } from "../../jobs/jobTypes.ts";
import { builder } from "../builder.ts";
import { connectionType } from "../connection.ts";
import { ComplianceStatus, MonthStatus } from "./enums.ts";

export const MonthlyAudit = builder.objectRef<MonthlyAuditShape>("MonthlyAudit").implement({
  description: "One audited month, in kg CO2, in full precision.",
  fields: (t) => ({
    month: t.exposeInt("month", { description: "1–12." }),
    productionKg: t.exposeFloat("productionKg"),
    energyKg: t.exposeFloat("energyKg", { description: "After the energy-source multiplier." }),
    materialKg: t.exposeFloat("materialKg"),
    emissionsKg: t.exposeFloat("emissionsKg", { description: "production + energy + material." }),
    cumulativeKg: t.exposeFloat("cumulativeKg", { description: "Running total for the year." }),
    status: t.field({ type: MonthStatus, resolve: (m) => m.status }),
  }),
});

export const FactoryAudit = builder.objectRef<StoredFactoryAudit>("FactoryAudit").implement({
  description: "One factory's audit for one year against its sector's annual cap.",
  fields: (t) => ({
    factoryId: t.exposeString("factoryId"),
    sector: t.exposeString("sector"),
    year: t.exposeInt("year"),
    totalEmissionsKg: t.exposeFloat("totalEmissionsKg"),
    maxMonthlyKg: t.exposeFloat("maxMonthlyKg"),
    avgMonthlyKg: t.exposeFloat("avgMonthlyKg"),
    alerts: t.exposeInt("alerts", {
      description: "Months whose cumulative total was over the cap.",
    }),
    status: t.field({ type: ComplianceStatus, resolve: (f) => f.status }),
    firstExceededMonth: t.exposeInt("firstExceededMonth", { nullable: true }),
    capKg: t.exposeFloat("capKg"),
    monthsReported: t.exposeInt("monthsReported"),
    months: t.field({
      type: [MonthlyAudit],
      description: "The audited months in calendar order (months not reported are absent).",
      resolve: (f) => [...f.months],
    }),
  }),
});

export const FactoryAuditConnection = connectionType("FactoryAudit", FactoryAudit);
