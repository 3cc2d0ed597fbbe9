using Autograd.Optim;
using static Autograd.Tests.Reliability.Expected;

namespace Autograd.Tests.Reliability;

/// <summary>
/// Wrong calls to the optimizers: the right exception, a message naming the problem, and no parameter or gradient changed
/// (a step that is refused moves nothing).
/// </summary>
public sealed class OptimizerBadInputTests
{
    private static readonly BadInputCatalogue Catalogue = new()
    {
        // Parameter lists (shared by every optimizer)
        { "Sgd: null parameters", f => new Sgd(null!, 0.1), Null("parameters") },
        { "Sgd: no parameters", f => new Sgd([], 0.1), Argument("parameters", "empty") },
        { "Sgd: a null parameter", f => new Sgd([f.A, null!], 0.1), Argument("parameters", "Parameter 1", "null") },
        { "Sgd: a computed tensor as parameter", f => new Sgd([f.A, f.Z], 0.1), Argument("parameters", "Parameter 1", "[2, 3]", "leaf") },
        { "Adam: the same parameter twice", f => new Adam([f.A, f.B, f.A]), Argument("parameters", "Parameter 2", "more than once") },

        // Hyperparameters
        { "Sgd: lr negative", f => new Sgd(f.Net.Parameters(), -0.1), OutOfRange("lr", "-0.1") },
        { "Sgd: lr NaN", f => new Sgd(f.Net.Parameters(), double.NaN), OutOfRange("lr", "NaN") },
        { "Sgd: lr infinite", f => new Sgd(f.Net.Parameters(), double.PositiveInfinity), OutOfRange("lr", "Infinity") },
        { "Sgd: momentum negative", f => new Sgd(f.Net.Parameters(), 0.1, momentum: -0.9), OutOfRange("momentum", "-0.9") },
        { "Sgd: weightDecay NaN", f => new Sgd(f.Net.Parameters(), 0.1, weightDecay: double.NaN), OutOfRange("weightDecay", "NaN") },
        { "Sgd: Nesterov without momentum", f => new Sgd(f.Net.Parameters(), 0.1, nesterov: true), Argument("nesterov", "momentum") },
        { "Adam: lr NaN", f => new Adam(f.Net.Parameters(), lr: double.NaN), OutOfRange("lr", "NaN") },
        { "Adam: beta1 = 1", f => new Adam(f.Net.Parameters(), beta1: 1.0), OutOfRange("beta1", "[0, 1)") },
        { "Adam: beta2 negative", f => new Adam(f.Net.Parameters(), beta2: -0.1), OutOfRange("beta2", "-0.1") },
        { "Adam: eps NaN", f => new Adam(f.Net.Parameters(), eps: double.NaN), OutOfRange("eps", "NaN") },
        { "Adam: weightDecay negative", f => new Adam(f.Net.Parameters(), weightDecay: -1e-2), OutOfRange("weightDecay", "-0.01") },
        { "AdamW: beta2 NaN", f => new AdamW(f.Net.Parameters(), beta2: double.NaN), OutOfRange("beta2", "NaN") },
        { "AdamW: weightDecay infinite", f => new AdamW(f.Net.Parameters(), weightDecay: double.PositiveInfinity), OutOfRange("weightDecay", "Infinity") },
        { "Lbfgs: maxIter 0", f => new Lbfgs(f.Net.Parameters(), maxIter: 0), OutOfRange("maxIter", "0") },
        { "Lbfgs: maxEval -1", f => new Lbfgs(f.Net.Parameters(), maxEval: -1), OutOfRange("maxEval", "-1") },
        { "Lbfgs: historySize 0", f => new Lbfgs(f.Net.Parameters(), historySize: 0), OutOfRange("historySize", "0") },
        { "Lbfgs: toleranceGrad NaN", f => new Lbfgs(f.Net.Parameters(), toleranceGrad: double.NaN), OutOfRange("toleranceGrad", "NaN") },
        { "Lbfgs: lr negative", f => new Lbfgs(f.Net.Parameters(), lr: -1), OutOfRange("lr", "-1") },

        // Steps
        { "Lbfgs.Step() without a closure", f => new Lbfgs(f.Net.Parameters()).Step(), InvalidOperation("closure") },
        { "Lbfgs.Step: null closure", f => new Lbfgs(f.Net.Parameters()).Step(null!), Null("closure") },
        { "Lbfgs.Step: the closure returns null", f => new Lbfgs(f.Net.Parameters()).Step(() => null!), InvalidOperation("closure", "null") },
        { "Adam.Step: null closure", f => new Adam(f.Net.Parameters()).Step(null!), Null("closure") },
        { "Sgd.Step: the closure returns six elements", f => new Sgd(f.Net.Parameters(), 0.1).Step(() => f.Z), InvalidOperation("one-element", "[2, 3]") },
    };

    public static TheoryData<string> Names => Catalogue.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void AWrongCallThrowsTheRightExceptionNamingTheProblemAndChangesNothing(string call) => Catalogue.Verify(call);
}
