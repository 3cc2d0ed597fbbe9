using Autograd.Nn;

namespace Autograd.Tests.Nn;

/// <summary>End to end: a small MLP learns XOR with a plain gradient-descent loop written here.</summary>
public class MlpTrainingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MlpLearnsXor(int seed)
    {
        var random = new Random(seed);
        var model = new Sequential(new Linear(2, 8, random: random), new Tanh(), new Linear(8, 1, random: random));
        var x = Tensor.FromArray([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
        var y = Tensor.FromArray([0, 1, 1, 0], [4, 1]);
        var loss = new MSELoss();
        const double learningRate = 0.2;

        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < 2000; step++)
        {
            model.ZeroGrad();
            var value = loss.Forward(model.Forward(x), y);
            value.Backward();
            if (step == 0) first = value.Item();
            last = value.Item();
            foreach (var p in model.Parameters())
                for (int i = 0; i < p.Count; i++) p.WritableData()[i] -= learningRate * p.Grad!.Data[i];
        }

        Assert.True(first > 0.1, $"initial loss {first}");
        Assert.True(last < 1e-3, $"loss after training {last} (started at {first})");
        var prediction = model.Forward(x).ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(y.Span[i], prediction[i], 0.1);
    }
}
