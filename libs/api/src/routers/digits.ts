// digits.*: the digit explorer's reads (stats of every test digit, or every validation digit, across runs, and the
// pictures of a few), thin calls into ../digits.
import { DigitExplorerSchema, DigitImagesSchema, ValidationExplorerSchema, ValidationImagesSchema } from '@mnist-lab/contracts';
import { publicProcedure, router } from '../trpc';
import { exploreDigits } from '../digits/explore';
import { digitImages } from '../digits/images';
import { exploreValidation } from '../digits/validation-explore';
import { validationImages } from '../digits/validation-images';

export const digitsRouter = router({
  explore: publicProcedure.input(DigitExplorerSchema).query(({ ctx, input }) => exploreDigits(ctx.db, input, ctx.mnistDataDir)),
  images: publicProcedure.input(DigitImagesSchema).query(({ ctx, input }) => digitImages(ctx.db, input, ctx.mnistDataDir)),
  validation: publicProcedure.input(ValidationExplorerSchema).query(({ ctx, input }) => exploreValidation(ctx.db, input, ctx.mnistDataDir)),
  validationImages: publicProcedure.input(ValidationImagesSchema).query(({ ctx, input }) => validationImages(ctx.db, input, ctx.mnistDataDir)),
});
