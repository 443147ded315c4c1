/**
 * Validates KQL with the Kusto language service (@kusto/language-service-next, a Bridge.NET build):
 * `bridge.js` defines the .NET runtime, `Kusto.Language.Bridge.js` then registers the global `Kusto.Language`.
 */
import { KUSTO_SCHEMAS, KustoTableName, schemaText } from '../../azure/log-analytics-tables';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');
const K: any = (globalThis as any).Kusto.Language;

export interface KqlDiagnostic { severity: string; message: string; start: number }
export interface KqlAnalysis {
  /** Error-severity diagnostics (syntax and semantic). */
  errors: KqlDiagnostic[];
  /** Output columns of the query's result table, name -> Kusto type; empty when the result is not a table. */
  columns: Record<string, string>;
}

function globalsFor(tables: readonly KustoTableName[]): any {
  const symbols = tables.map((t) => new K.Symbols.TableSymbol.$ctor7(t, schemaText(t), null));
  const db = new K.Symbols.DatabaseSymbol.$ctor1('workspace', symbols, false);
  return K.GlobalState.Default.WithDatabase(db);
}

const allTables = Object.keys(KUSTO_SCHEMAS) as KustoTableName[];

/** Parse and analyze `query` against the declared schemas of `tables` (default: every declared table). */
export function analyzeKql(query: string, tables: readonly KustoTableName[] = allTables): KqlAnalysis {
  const code = K.KustoCode.ParseAndAnalyze(query, globalsFor(tables));
  const diagnostics = code.GetDiagnostics();
  const errors: KqlDiagnostic[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (d.Severity === 'Error') errors.push({ severity: d.Severity, message: d.Message, start: d.Start });
  }
  const columns: Record<string, string> = {};
  const result = code.ResultType;
  if (result && result.Columns) {
    for (let i = 0; i < result.Columns.Count; i++) {
      const c = result.Columns.getItem(i);
      columns[c.Name] = c.Type.Name;
    }
  }
  return { errors, columns };
}
