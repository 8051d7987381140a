using System.CommandLine;

namespace Godex.Commands;

/// <summary>
/// `godex completion bash|zsh|fish`: prints a script for the shell's rc file. The scripts hold no
/// list of verbs: each asks godex itself through System.CommandLine's `[suggest:POSITION]` directive,
/// so completions follow the installed version (its verbs, options and their values).
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script: eval \"$(godex completion bash)\", or add it to ~/.zshrc / ~/.config/fish/completions/godex.fish.") { shell };
        command.SetAction(parse =>
        {
            Console.Write(parse.GetValue(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                _ => Fish,
            });
            return 0;
        });
        return command;
    }

    // The command line without the program's name, and the cursor's offset in it: what the directive takes.
    private const string Bash = """
        _godex_complete() {
            local line="${COMP_LINE#*[[:space:]]}"
            local position=$(( COMP_POINT - ${#COMP_LINE} + ${#line} ))
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(godex "[suggest:${position}]" "${line}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _godex_complete godex

        """;

    private const string Zsh = """
        #compdef godex
        _godex() {
            local line="${BUFFER#*[[:space:]]}"
            local position=$(( CURSOR - ${#BUFFER} + ${#line} ))
            local -a suggestions
            suggestions=("${(@f)$(godex "[suggest:${position}]" "${line}" 2>/dev/null)}")
            compadd -- "${suggestions[@]}"
        }
        compdef _godex godex

        """;

    private const string Fish = """
        function __godex_complete
            set -l line (string replace -r '^\S+\s*' '' -- (commandline -cp))
            godex "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c godex -f -a '(__godex_complete)'

        """;
}
