// CountRegression: Poisson regression with Autograd on synthetic data (default), the UCLA awards data, UCI bike sharing,
// or R's summary(glm(..., family = poisson)) for any CSV (--dataset csv).
// The computations live in Runs/; Cli/CountRegressionApp.cs parses the command line, shows progress and results, and sets
// the exit code, so tests can run the same entry logic in-process.
return CountRegression.Cli.CountRegressionApp.Run(args, Console.Out, Console.Error);
