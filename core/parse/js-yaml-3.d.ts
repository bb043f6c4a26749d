/** The scalar types of js-yaml 3 (the YAML reader of Northflank's CLI), imported one by one: see parse/dialect.ts. */
declare module 'js-yaml-3/lib/js-yaml/type/*' {
  interface JsYamlScalarType {
    tag: string;
    resolve(data: string | null): boolean;
    construct(data: string | null): unknown;
  }
  const type: JsYamlScalarType;
  export = type;
}
