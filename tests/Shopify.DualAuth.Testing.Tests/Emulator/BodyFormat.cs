namespace Shopify.DualAuth.Testing.Tests.Emulator;

public enum BodyFormat
{
    Form,
    Json,
}
