using Autograd.Serialization;

namespace Autograd.Nn;

public abstract partial class Module
{
    /// <summary>Writes <see cref="StateDict"/> to a safetensors file (F64, PyTorch's dotted names): PyTorch's <c>safetensors.torch.load_file</c> reads it.</summary>
    public void Save(string path) => SafeTensors.Save(StateDict(), path);

    /// <summary>
    /// Reads a safetensors file (F64 or F32) and copies it into this module's parameters with <see cref="LoadStateDict"/>.
    /// Throws <see cref="InvalidDataException"/> for a malformed file and <see cref="ArgumentException"/> for keys or shapes that do not fit.
    /// </summary>
    public void Load(string path, bool strict = true) => LoadStateDict(SafeTensors.Load(path), strict);
}
