using Recommender.Cli;
using Spectre.Console;

return await CliApp.RunAsync(args, AnsiConsole.Console);
