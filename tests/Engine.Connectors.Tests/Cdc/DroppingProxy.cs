using System.Net;
using System.Net.Sockets;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>
/// A TCP relay in front of the test cluster whose connections can be cut from the server's side while the client is
/// connected: what a client sees when the network between it and PostgreSQL fails, or the server goes away.
/// </summary>
internal sealed class DroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<(Socket Client, Socket Server)> _pairs = [];

    /// <summary>Client sockets ended in order but left open (their peer reads the end of stream), closed on dispose.</summary>
    private readonly List<Socket> _ended = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public DroppingProxy(string host, int port)
    {
        _listener.Start();
        _accepting = AcceptAsync(host, port);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Cuts every relayed connection: with a reset, or with an orderly end of stream towards the client.</summary>
    public void Drop(bool reset)
    {
        lock (_pairs)
        {
            foreach (var (client, server) in _pairs)
            {
                if (reset)
                {
                    client.LingerState = new LingerOption(true, 0);
                    client.Close();
                }
                else
                {
                    client.Shutdown(SocketShutdown.Send);
                    _ended.Add(client);
                }

                server.Close();
            }

            _pairs.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Drop(reset: true);
        lock (_pairs)
        {
            _ended.ForEach(socket => socket.Dispose());
            _ended.Clear();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(string host, int port)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(host, port, _stop.Token);
                lock (_pairs)
                {
                    _pairs.Add((client, server));
                }

                _ = RelayAsync(client, server);
                _ = RelayAsync(server, client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task RelayAsync(Socket from, Socket to)
    {
        var buffer = new byte[1 << 16];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read));
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Dropped: the other direction's relay, or Drop, closes the sockets.
        }
    }
}
