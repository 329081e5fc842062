import { XMLBuilder, XMLParser } from "fast-xml-parser";

/** A body as a person reads it best: JSON and XML indented, form fields one per line. */
export function prettyBody(body: string, contentType: string | undefined): string {
  if (!body) return "";
  const type = contentType ?? "";
  if (type.includes("json") || /^\s*[[{]/.test(body)) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  if (type.includes("xml") || body.trimStart().startsWith("<")) {
    try {
      const options = { preserveOrder: true, ignoreAttributes: false, commentPropName: "#comment" };
      const tree = new XMLParser(options).parse(body) as unknown[];
      return (
        new XMLBuilder({ ...options, format: true, indentBy: "  " }).build(tree) as string
      ).trim();
    } catch {
      return body;
    }
  }
  if (type.includes("x-www-form-urlencoded")) {
    return [...new URLSearchParams(body)].map(([k, v]) => `${k} = ${v}`).join("\n");
  }
  return body;
}
