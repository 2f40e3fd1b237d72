// Check newsletter email bodies against caniemail's client support data, offline.
// Usage: node plugins/newsletter/lint_email.mjs output/newsletter/*/email.html
// Exit 0 when clean, 1 when a client lacks a feature the email relies on, 2 on usage errors.
import { readFileSync } from "node:fs";
import { caniemail } from "caniemail";

const CLIENTS = ["gmail.*", "outlook.*", "apple-mail.*"];

// Features the email uses knowingly as extras: a client without them ignores them,
// and the message still reads correctly there. Anything else unsupported fails.
const DEGRADES_GRACEFULLY = new Map([
  ["@media", "only the phone adjustments; the 600 px table still reads without them"],
  ["<style> element", "holds nothing but the @media rules; all other CSS is inlined"],
  ["<body> element", "every HTML document has one; clients that replace it keep its content"],
  ["role attribute", "role=presentation is for screen readers; clients that strip it lose nothing"],
  ["border-radius", "the buttons' rounded corners; Outlook for Windows shows them square, same colour and text"],
]);

function entries(group) {
  return group instanceof Map ? [...group.entries()] : Object.entries(group ?? {});
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint_email.mjs EMAIL.html [...]");
  process.exit(2);
}

let failed = false;
for (const file of files) {
  const html = readFileSync(file, "utf8");
  const result = caniemail({ clients: CLIENTS, html });
  for (const [client, issues] of entries(result.issues.errors)) {
    for (const issue of issues) {
      if (DEGRADES_GRACEFULLY.has(issue.title)) continue;
      const line = issue.position ? `:${issue.position.start.line}` : "";
      console.log(`${file}${line}: ${client} does not support ${issue.title}`);
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
