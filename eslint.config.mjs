import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      ".data/**",
      "node_modules/**",
      "db/migrations/**",
      "playwright-report/**",
      "test-results/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Components and the modules they share with the server (URL parsers, zod schemas) take
    // the database's enums from db/schema/enums.ts: a value from the Drizzle schema would
    // bring its tables, and drizzle-orm, into the browser bundle.
    files: ["components/**/*.{ts,tsx}", "lib/*/search-params.ts", "lib/*/schemas.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/db/schema(/(?!enums$).*)?$",
              allowTypeImports: true,
              message: "Import enum values from @/db/schema/enums; only types from the schema.",
            },
          ],
        },
      ],
    },
  },
  {
    // Links go through components/ui/link.tsx (no prefetching of per-request pages).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["components/ui/link.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "next/link", message: "Use Link from @/components/ui/link." }] },
      ],
    },
  },
];

export default config;
