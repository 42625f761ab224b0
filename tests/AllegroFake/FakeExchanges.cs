using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ListingPs.AllegroFake
{
    /// <summary>
    /// One exchange with the fake as the client saw it: the request (method, path and query, Content-Type, Accept, body) and
    /// the answer (status, Content-Type, body). <see cref="Injected"/> marks an answer the fake's own test controls made
    /// (FailNext, ThrottleNext): not part of Allegro's contract, so the contract check leaves it out.
    /// </summary>
    public sealed record FakeExchange(string Method, string PathAndQuery, string? RequestContentType, string? Accept, string RequestBody,
        int Status, string? ResponseContentType, string ResponseBody, bool Injected);

    /// <summary>
    /// Keeps every exchange with the fake (its own /_fake calls aside) for the contract tests, which check each against
    /// Allegro's OpenAPI description (tests/AllegroFake/openapi); GET /_fake/exchanges lists them, /_fake/reset clears them.
    /// </summary>
    public sealed class FakeExchanges
    {
        /// <summary>The key in HttpContext.Items that marks an answer made by the fake's test controls.</summary>
        public const string InjectedKey = "ListingPs.AllegroFake.Injected";
        private readonly object _gate = new object();
        private readonly List<FakeExchange> _exchanges = new List<FakeExchange>();

        public IReadOnlyList<FakeExchange> All { get { lock (_gate) return _exchanges.ToList(); } }

        public void Clear()
        {
            lock (_gate) _exchanges.Clear();
        }

        /// <summary>The recording middleware (first in the pipeline, so it sees what the client sees) and GET /_fake/exchanges.</summary>
        public void Map(WebApplication app)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/_fake"))
                {
                    await next();
                    return;
                }
                context.Request.EnableBuffering();
                string requestBody;
                using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, false, 1024, leaveOpen: true))
                    requestBody = await reader.ReadToEndAsync();
                context.Request.Body.Position = 0;
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next();
                }
                finally
                {
                    context.Response.Body = original;
                }
                var responseBody = Encoding.UTF8.GetString(buffer.ToArray());
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                var request = context.Request;
                var exchange = new FakeExchange(request.Method, request.Path.Value + request.QueryString.Value, request.ContentType,
                    request.Headers.Accept.FirstOrDefault(), requestBody, context.Response.StatusCode, context.Response.ContentType, responseBody,
                    context.Items.ContainsKey(InjectedKey));
                lock (_gate) _exchanges.Add(exchange);
            });
            app.MapGet("/_fake/exchanges", () => Results.Json(All));
        }
    }
}
