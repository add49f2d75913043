/* Two member orders of one struct, for the README's "your own struct" example.
 * conn_packed: the counter one thread bumps (hits) shares line 0 with the config every
 * other thread polls (cfg). conn_split: cfg moved to a line of its own. */
struct conn_packed {
	unsigned long hits;
	unsigned long cfg;
	unsigned long misses;
	unsigned long spare[13];
};

struct conn_split {
	unsigned long hits;
	unsigned long misses;
	unsigned long spare[6];
	unsigned long cfg;
	unsigned long spare2[7];
};
