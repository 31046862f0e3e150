// ESLint flat config: typescript-eslint type-aware rules plus the import boundaries of
// docs/architecture (DESIGN.md "Layout").
//
// Import boundaries use `no-restricted-imports` with regex patterns. Those match the import
// specifier as written, not the resolved path, so the patterns are generated per directory
// depth: from `src/modules/billing/use-cases/x.ts` another module is `../../<name>/…`, from
// `src/modules/billing/x.ts` it is `../<name>/…`. ESLint does not merge the options of one rule
// across config objects (the last matching object wins), so every file group below carries the
// complete list of patterns that applies to it.
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

const MAX_DEPTH = 8; // directory levels below a module / src covered by the boundary patterns
const SOURCE = "{ts,tsx,mts,cts}";
const SEGMENT = "[^/.][^/]*"; // a directory name (never "." or "..")
const NOT_INDEX = "(?!index\\.ts$)"; // anything but the module's public door

/** Regex source for "climb exactly n directories": `./` when n is 0. */
function up(n) {
  return n === 0 ? "\\./" : `(?:\\.\\./){${n}}`;
}

function modulesDir(toSrc) {
  return `^(?:${up(toSrc)}|${up(toSrc + 1)}src/)modules/`;
}

/** Deep import of any module, from a file `toSrc` directories below src/. */
function deepModuleImport(toSrc) {
  return {
    regex: `${modulesDir(toSrc)}${SEGMENT}/${NOT_INDEX}`,
    message: "Import another module only through its index.ts.",
  };
}

/** From a file `depth` directories inside src/modules/<self>/: deep imports of a sibling module. */
function siblingModuleImports(depth) {
  return [
    {
      regex: `^${up(depth + 1)}${SEGMENT}/${NOT_INDEX}`,
      message:
        "Import another module only through its index.ts (inside this module, use a path that stays inside it).",
    },
    deepModuleImport(depth + 2),
  ];
}

const DOMAIN_IO = [
  {
    regex: "^\\.{1,2}/(?:.*/)?platform/db(?:/|$)",
    message: "domain/ is pure: no database access (pass data in, return decisions).",
  },
  {
    regex: "^\\.{1,2}/(?:.*/)?repo\\.ts$",
    message: "domain/ is pure: SQL lives in repo.ts, called from use cases.",
  },
  {
    regex: "^(?:pg|pg-boss|kysely|@electric-sql/pglite)(?:/.*)?$",
    message: "domain/ is pure: no database drivers.",
  },
  {
    regex: "^(?:node:)?(?:fs|net|http|https|http2|tls|dgram|child_process)(?:/.*)?$",
    message: "domain/ is pure: no file or network I/O.",
  },
];

function restrict(files, patterns) {
  return {
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: patterns.map((pattern) => ({ caseSensitive: true, ...pattern })) },
      ],
    },
  };
}

function depths(from = 0) {
  return Array.from({ length: MAX_DEPTH + 1 - from }, (_, i) => i + from);
}

const boundaries = [
  // (a) anywhere in src: other modules only through their index.ts
  ...depths().map((d) => restrict([`src/${"*/".repeat(d)}*.${SOURCE}`], [deepModuleImport(d)])),
  restrict(
    [`src/modules/*.${SOURCE}`],
    [
      {
        regex: `^\\./${SEGMENT}/${NOT_INDEX}`,
        message: "Import a module only through its index.ts.",
      },
    ],
  ),
  // (a) inside src/modules/<self>/: other modules only through their index.ts
  ...depths().map((k) =>
    restrict([`src/modules/*/${"*/".repeat(k)}*.${SOURCE}`], siblingModuleImports(k)),
  ),
  // (d) src/modules/*/domain/**: no I/O, on top of (a). Its tests may read files (fixtures,
  // the official samples in ../shared/standards) but still touch no database.
  ...depths(1).map((k) =>
    restrict(
      [`src/modules/*/domain/${"*/".repeat(k - 1)}*.${SOURCE}`],
      [...siblingModuleImports(k), ...DOMAIN_IO],
    ),
  ),
  ...depths(1).map((k) => ({
    ...restrict(
      [`src/modules/*/domain/${"*/".repeat(k - 1)}*.test.${SOURCE}`],
      [
        ...siblingModuleImports(k),
        ...DOMAIN_IO.filter((p) => !p.message.includes("file or network")),
      ],
    ),
  })),
  // (b) src/platform/** never imports src/modules/**
  ...depths(1).map((d) =>
    restrict(
      [`src/platform/${"*/".repeat(d - 1)}*.${SOURCE}`],
      [
        {
          regex: `${modulesDir(d)}|^(?:${up(d)}|${up(d + 1)}src/)modules$`,
          message: "platform/ is technical code and must not import business modules.",
        },
      ],
    ),
  ),
  // (c) src/providers/** imports only src/platform/** (and itself, and packages)
  ...depths(1).map((d) =>
    restrict(
      [`src/providers/${"*/".repeat(d - 1)}*.${SOURCE}`],
      [
        {
          regex: `^${up(d)}(?!(?:platform|providers)/)`,
          message: "providers/ may import only platform/ (and other files in providers/).",
        },
      ],
    ),
  ),
];

// Browser globals for web/: the `globals` package when installed, else the common ones.
// (Type-aware TypeScript files do not need them: TypeScript itself checks identifiers.)
let browserGlobals;
try {
  browserGlobals = (await import("globals")).default.browser;
} catch {
  browserGlobals = Object.fromEntries(
    [
      "window",
      "document",
      "navigator",
      "location",
      "history",
      "localStorage",
      "sessionStorage",
      "fetch",
      "console",
      "setTimeout",
      "clearTimeout",
      "setInterval",
      "clearInterval",
      "requestAnimationFrame",
      "cancelAnimationFrame",
      "URL",
      "URLSearchParams",
      "FormData",
      "Headers",
      "Request",
      "Response",
      "AbortController",
      "Blob",
      "File",
      "FileReader",
      "Event",
      "CustomEvent",
      "HTMLElement",
      "Element",
      "Node",
      "matchMedia",
      "crypto",
      "queueMicrotask",
      "structuredClone",
      "Intl",
    ].map((name) => [name, "readonly"]),
  );
}

export default defineConfig(
  globalIgnores([
    "**/node_modules/",
    "web/dist/",
    "data/",
    "openapi/",
    "test-results/",
    "playwright-report/",
    ".tmp/",
    "web/src/api/schema.d.ts",
  ]),
  {
    name: "kapu/typescript",
    files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file uses its nearest tsconfig.json: the root one for src/, test/, e2e/, bench/,
        // scripts/ and root *.config.ts; web/tsconfig.json for web/ once it exists.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Plain JavaScript (this file, tool configs) is not part of a tsconfig: lint it untyped.
    name: "kapu/javascript",
    files: ["**/*.{js,jsx,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    name: "kapu/web",
    files: ["web/**/*.{ts,tsx,js,jsx}"],
    languageOptions: { globals: browserGlobals },
  },
  {
    // Money is integer minor units: no float parsing or float formatting in server code.
    name: "kapu/no-float-money",
    files: [`src/**/*.${SOURCE}`],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "parseFloat", message: "No floats for amounts: use Money.parse." },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "Number",
          property: "parseFloat",
          message: "No floats for amounts: use Money.parse.",
        },
        {
          property: "toFixed",
          message: "No float formatting: use Money#toDecimalString or Money#format.",
        },
      ],
    },
  },
  {
    // Fastify handlers and hooks are async by contract even when they await nothing.
    name: "kapu/async-handlers",
    rules: { "@typescript-eslint/require-await": "off" },
  },
  {
    // Tests read untyped JSON responses (app.inject().json(), fetch): asserting on them is the point.
    name: "kapu/tests",
    files: [`**/*.test.${SOURCE}`, `test/**/*.${SOURCE}`, `e2e/**/*.${SOURCE}`],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  ...boundaries.map((config, index) => ({ name: `kapu/boundaries-${index}`, ...config })),
);
