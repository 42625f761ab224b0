using System;
using System.Globalization;
using ListingPs.AllegroFake;

// AllegroFake [--port N]: serves the fake on 127.0.0.1 (a free port by default), prints "listening on <address>" and runs
// until its standard input closes (the test that started it ends) or it is stopped.
int port = 0;
for (int i = 0; i < args.Length; i++)
    if (args[i] == "--port" && i + 1 < args.Length) port = int.Parse(args[++i], CultureInfo.InvariantCulture);
using var server = FakeAllegroServer.Start(port);
Console.WriteLine("listening on " + server.Address.ToString().TrimEnd('/'));
Console.Out.Flush();
while (Console.In.ReadLine() != null) { }
