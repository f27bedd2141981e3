namespace Recommender.Splitting;

/// <summary>How a split treated the users, so nothing is dropped without a count.</summary>
/// <param name="Protocol">The split in words, printed beside every metric computed on it.</param>
/// <param name="Users">All users in the log.</param>
/// <param name="UsersWithTest">Users with a test target.</param>
/// <param name="UsersWithValidation">Users with a validation target.</param>
/// <param name="UsersTrainingOnly">Users too short (or, for a temporal split, without interactions after the cut) to get a target; their interactions stay in training.</param>
/// <param name="UsersWithoutTraining">Users with a target but no training interaction before it.</param>
public sealed record SplitReport(string Protocol, int Users, int UsersWithTest, int UsersWithValidation, int UsersTrainingOnly, int UsersWithoutTraining);
