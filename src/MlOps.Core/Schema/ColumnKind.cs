namespace MlOps.Core.Schema;

/// <summary>How a column is featurized. Ignored covers IDs, constants and user-ignored columns.</summary>
public enum ColumnKind { Numeric, Boolean, Categorical, Text, Ignored }
