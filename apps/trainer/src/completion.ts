// `mnist-lab completion bash|zsh`: shell completion for every command and option, from @bomb.sh/tab.
//
// Why @bomb.sh/tab: it reads commander's own commands and options (an adapter, so completion cannot drift from
// --help), writes bash, zsh, fish and PowerShell scripts, has no dependencies and needs nothing from the network;
// the generated script asks the CLI itself (`mnist-lab complete -- <words>`) for the answers. tabtab and omelette
// need each command and option listed again by hand, and neither has had a release in years.
import type { Command } from 'commander';
import tab from '@bomb.sh/tab/commander';

export function addCompletionCommands(program: Command): void {
  const completions = tab(program, { completionCommandName: 'completion' });
  const description = 'Print the shell completion script for bash, zsh, fish or powershell.';
  // tab has read the adapter's own description ("Generate shell completion scripts") into its answers already.
  const answer = completions.commands.get('completion');
  if (answer) answer.description = description;
  program.commands
    .find((c) => c.name() === 'completion')
    ?.description(description)
    .addHelpText(
      'after',
      `
Examples:
  $ mnist-lab completion bash > ~/.local/share/bash-completion/completions/mnist-lab   # needs the bash-completion package
  $ mnist-lab completion zsh > "\${fpath[1]}/_mnist-lab"                               # then restart zsh
  $ source <(mnist-lab completion bash)                                                 # this shell only`,
    );
}
