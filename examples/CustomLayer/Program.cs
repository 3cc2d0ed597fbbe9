var r = CustomLayer.GradientProof.Run(50);
Console.WriteLine(r.FirstOrder); Console.WriteLine(r.SecondOrder); Console.WriteLine(r.PropertyFailure ?? "property ok");
Console.WriteLine(CustomLayer.StableSoftplus.Softplus(-50) + " " + CustomLayer.StableSoftplus.Softplus(800));
