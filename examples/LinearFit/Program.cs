// Fits y = w·x + b to noisy samples of y = 3x + 0.5 by gradient descent, using only Autograd.Core.
using Autograd;

var random = new Random(42);
var x = Tensor.Rand([200, 1], random) * 4.0 - 2.0;
var y = x * 3.0 + 0.5 + Tensor.Randn([200, 1], random) * 0.1;

var w = Tensor.Zeros([1, 1], requiresGrad: true);
var b = Tensor.Zeros([1], requiresGrad: true);
const double learningRate = 0.1;

for (int step = 1; step <= 200; step++)
{
    var loss = (x.MatMul(w) + b - y).Pow(2).Mean();
    w.ZeroGrad();
    b.ZeroGrad();
    loss.Backward();
    using (Tensor.NoGrad())
    {
        w = (w - learningRate * w.Grad!).Detach();
        b = (b - learningRate * b.Grad!).Detach();
        w.RequiresGrad = true;
        b.RequiresGrad = true;
    }
    if (step % 50 == 0) Console.WriteLine($"step {step,3}  loss {loss.Item():F6}  w {w.Item():F4}  b {b.Item():F4}");
}

bool ok = Math.Abs(w.Item() - 3.0) < 0.05 && Math.Abs(b.Item() - 0.5) < 0.05;
Console.WriteLine(ok ? "Recovered w ≈ 3 and b ≈ 0.5." : "Did not recover the true line.");
return ok ? 0 : 1;
