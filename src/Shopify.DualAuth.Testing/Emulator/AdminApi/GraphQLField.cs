namespace Shopify.DualAuth.Testing.Emulator.AdminApi;

/// <summary>One field of a selection set: <c>alias: name { ... }</c>.</summary>
internal sealed record GraphQLField(string ResponseKey, string Name, IReadOnlyList<GraphQLField>? Selection);
