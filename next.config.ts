import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // pino and the S3 SDK are plain Node libraries; loading them from node_modules keeps the
  // server bundle small and avoids bundling worker-thread code.
  serverExternalPackages: ["pino", "@electric-sql/pglite"],
  poweredByHeader: false,
};

export default nextConfig;
