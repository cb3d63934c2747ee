await MlOps.Serving.ScoringHost.RunAsync(args);
