import Fastify, { type FastifyInstance } from "fastify";
import pg from "pg";

/**
 * The floor for an API read: a bare Fastify server with one route that does one primary-key
 * SELECT on the same database, through a pg Pool of the same size as Kapu's. Kapu cannot be
 * faster than this on the same machine; the benchmark reports Kapu as a fraction of it.
 */
export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

export async function startFloorServer(
  connectionString: string,
  poolSize: number,
): Promise<FloorServer> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  const app: FastifyInstance = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>("/services/:id", async (request, reply) => {
    const result = await pool.query("SELECT * FROM services WHERE id = $1", [request.params.id]);
    const row: unknown = result.rows[0];
    if (row === undefined) return reply.status(404).send({ error: "not found" });
    return row;
  });
  try {
    await app.listen({ host: "127.0.0.1", port: 0 });
  } catch (error) {
    await pool.end();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
