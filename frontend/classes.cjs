// Every class name a stylesheet defines, one a line, sorted: run on the whole of Bootstrap, it
// is the vocabulary tests/main/test_assets.py checks the templates' classes against.
const fs = require("fs");
const css = fs.readFileSync(process.argv[2], "utf8").replace(/url\([^)]*\)/g, "");
const names = new Set();
for (const match of css.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) names.add(match[1]);
fs.writeFileSync(process.argv[3], [...names].sort().join("\n") + "\n");
