namespace MlOps.Serving.Rollout;

/// <summary>The two models an image can hold: the new one (always there) and the production one baked beside it.</summary>
public enum ModelRole { Challenger, Champion }

public static class ModelRoles
{
    public const string Challenger = "challenger", Champion = "champion";

    /// <summary>The role's name in answers, metric labels, capture cells and GET /rollout.</summary>
    public static string Name(this ModelRole role) => role == ModelRole.Challenger ? Challenger : Champion;

    public static ModelRole Other(this ModelRole role) => role == ModelRole.Challenger ? ModelRole.Champion : ModelRole.Challenger;
}
