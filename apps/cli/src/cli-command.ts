/** One `cleanwire` sub-command: its usage text and what it does with the rest of the arguments. */
export interface CliCommand {
  name: string;
  usage: string;
  /** Returns the exit code. */
  run(args: string[]): Promise<number>;
}
