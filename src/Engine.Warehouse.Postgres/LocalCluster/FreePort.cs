using System.Net;
using System.Net.Sockets;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// Asks the OS for an unused loopback port. Picked again at every start, because the port of the last
/// run may have been taken since; the small race until postgres binds it is handled by retrying the start.
/// </summary>
internal static class FreePort
{
    public static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
