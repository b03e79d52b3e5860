/** `--name value` pairs of an experiment script's command line. */
export function scriptArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2)
    args.set(argv[i]?.replace(/^--/, '') ?? '', argv[i + 1] ?? '');
  return args;
}

/** The two split files every experiment needs; throws the usage line without them. */
export function trainAndTestPaths(args: Map<string, string>): {
  trainPath: string;
  testPath: string;
} {
  const trainPath = args.get('train');
  const testPath = args.get('test');
  if (!trainPath || !testPath) throw new Error('usage: --train <train.csv> --test <test.csv>');
  return { trainPath, testPath };
}
