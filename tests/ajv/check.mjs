// Print ajv's verdict ("1" valid, "0" invalid) for each body of a JSON-lines corpus.
// usage: node check.mjs SCHEMA.json CORPUS.jsonl [2020|07]
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import Ajv from "ajv";

const [schemaPath, corpusPath, dialect = "2020"] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const Engine = dialect === "07" ? Ajv : Ajv2020;
// strict: false because the schema carries annotations (examples, titles) ajv's strict mode
// would flag; unicodeRegExp (the default) runs every pattern as an ECMA-262 "u" regex.
const ajv = new Engine({ strict: false, allErrors: false });
// The one format the schema asserts: a regular expression that compiles (as the pattern keyword
// reads one, an ECMA-262 "u" regex).
ajv.addFormat("regex", { type: "string", validate: (text) => { try { new RegExp(text, "u"); return true; } catch { return false; } } });
const validate = ajv.compile(schema);
const out = [];
for (const line of readFileSync(corpusPath, "utf8").split("\n")) {
  if (line.trim() === "") continue;
  out.push(validate(JSON.parse(line)) ? "1" : "0");
}
process.stdout.write(out.join("\n") + "\n");
