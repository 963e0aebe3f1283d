using System.Text.Json;

namespace Shopify.DualAuth.Testing.Emulator.Webhooks;

/// <summary>The shop object <c>app/uninstalled</c> carries (protocol §6.5).</summary>
internal static class ShopPayload
{
    public static byte[] Write(long id, string name, string email, ShopDomain domain)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("name", name);
            json.WriteString("email", email);
            json.WriteString("domain", domain.Value);
            json.WriteString("myshopify_domain", domain.Value);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
