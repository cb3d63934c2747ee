namespace MlOps.Core.Schema;

public enum MlTask { BinaryClassification, MulticlassClassification, Regression }
