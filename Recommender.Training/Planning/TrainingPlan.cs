using Recommender.Bundles;
using Recommender.Training.Modeling;
using Recommender.Training.Training;

namespace Recommender.Training.Planning;

/// <summary>A training run's configuration and the reason for each choice in it.</summary>
/// <param name="Model">The model's shape.</param>
/// <param name="Training">How to train it.</param>
/// <param name="Choices">Each chosen setting with its reason, in the order they were decided.</param>
/// <param name="Transitions">
/// Whether an item-transition term is fitted after training (<see cref="Blending.TransitionBlend"/>), its weight
/// chosen on validation.
/// </param>
public sealed record TrainingPlan(SequenceModelOptions Model, TrainingOptions Training, IReadOnlyList<ConfigurationChoice> Choices, bool Transitions = true);
