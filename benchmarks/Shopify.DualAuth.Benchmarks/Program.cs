using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Shopify.DualAuth.Benchmarks.BenchmarkConfig).Assembly).Run(args, new Shopify.DualAuth.Benchmarks.BenchmarkConfig());
