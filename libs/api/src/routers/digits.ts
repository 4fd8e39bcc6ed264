// digits.*: the digit explorer's reads (stats of every test digit across runs, and the pictures of a few), thin calls into ../digits.
import { DigitExplorerSchema, DigitImagesSchema } from '@mnist-lab/contracts';
import { publicProcedure, router } from '../trpc';
import { exploreDigits } from '../digits/explore';
import { digitImages } from '../digits/images';

export const digitsRouter = router({
  explore: publicProcedure.input(DigitExplorerSchema).query(({ ctx, input }) => exploreDigits(ctx.db, input, ctx.mnistDataDir)),
  images: publicProcedure.input(DigitImagesSchema).query(({ ctx, input }) => digitImages(ctx.db, input, ctx.mnistDataDir)),
});
