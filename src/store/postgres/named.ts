/**
 * Named parameters for `pg`, which only knows $1, $2…: `named('… WHERE id = @id')` compiles once into
 * a function from `{ id }` to the driver's `{ text, values }`. It keeps the Postgres SQL readable side by
 * side with the SQLite SQL, which uses the same @names. A missing parameter throws rather than binding NULL.
 */

export interface Query {
  text: string;
  values: unknown[];
}

export type NamedQuery<K extends string> = (params: Record<K, unknown>) => Query;

export function named<K extends string = string>(sql: string): NamedQuery<K> {
  const names: string[] = [];
  // @name outside quotes; the SQL here never holds '@' in a literal.
  const text = sql.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return (params) => {
    const values = names.map((name) => {
      const value = (params as Record<string, unknown>)[name];
      if (value === undefined) throw new TypeError(`store: SQL parameter @${name} is missing`);
      return value;
    });
    return { text, values };
  };
}
